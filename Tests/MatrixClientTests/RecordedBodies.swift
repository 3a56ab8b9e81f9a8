/// Response bodies in the shape Synapse 1.163 sends them (captured from the test homeserver, ids shortened).
enum Recorded {
    static let usersPage1 = #"""
    {"users":[{"name":"@0x1111111111111111111111111111111111111111:decentraland.zone","user_type":null,"is_guest":false,"admin":false,"deactivated":false,"shadow_banned":false,"displayname":"0x1111111111111111111111111111111111111111","avatar_url":null,"creation_ts":1763890000000,"approved":true,"erased":false,"last_seen_ts":null,"locked":false},
    {"name":"@admin:decentraland.zone","user_type":null,"is_guest":0,"admin":1,"deactivated":0,"displayname":"admin"}],
    "next_token":"2","total":3}
    """#

    static let usersPage2 = #"""
    {"users":[{"name":"@bot:decentraland.zone","user_type":"bot","is_guest":false,"admin":false,"deactivated":true}],"total":3}
    """#

    static let roomsPage = #"""
    {"rooms":[{"room_id":"!aBcDeF:decentraland.zone","name":null,"canonical_alias":"#0x1111111111111111111111111111111111111111+0x2222222222222222222222222222222222222222:decentraland.zone","joined_members":2,"joined_local_members":2,"version":"10","creator":"@0x1111111111111111111111111111111111111111:decentraland.zone","encryption":null,"federatable":true,"public":false,"join_rules":"invite","guest_access":"can_join","history_visibility":"shared","state_events":9,"room_type":null},
    {"room_id":"!v12OpaqueRoomIdWithoutServer","name":"chan","canonical_alias":null,"joined_members":3,"version":"12","creator":"@0x3333333333333333333333333333333333333333:decentraland.zone","state_events":7,"room_type":"channel"}],
    "offset":0,"total_rooms":3,"next_batch":2}
    """#

    static let roomState = #"""
    {"state":[
    {"type":"m.room.create","room_id":"!aBcDeF:decentraland.zone","sender":"@0x1111111111111111111111111111111111111111:decentraland.zone","content":{"room_version":"10","creator":"@0x1111111111111111111111111111111111111111:decentraland.zone"},"state_key":"","origin_server_ts":1763890000001,"unsigned":{"age":10},"event_id":"$create","user_id":"@0x1111111111111111111111111111111111111111:decentraland.zone","age":10},
    {"type":"m.room.member","room_id":"!aBcDeF:decentraland.zone","sender":"@0x1111111111111111111111111111111111111111:decentraland.zone","content":{"membership":"invite","is_direct":true,"displayname":"0x2222222222222222222222222222222222222222"},"state_key":"@0x2222222222222222222222222222222222222222:decentraland.zone","origin_server_ts":1763890000005,"event_id":"$invite"},
    {"type":"org.decentraland.friendship","room_id":"!aBcDeF:decentraland.zone","sender":"@0x1111111111111111111111111111111111111111:decentraland.zone","content":{"type":"request","message":"hi there"},"state_key":"","origin_server_ts":1763890000009,"event_id":"$req"},
    {"type":"org.decentraland.friendship","room_id":"!aBcDeF:decentraland.zone","sender":"@0x1111111111111111111111111111111111111111:decentraland.zone","content":[1,2.5,"x",null,{"deep":{"n":-7}}],"state_key":"@0x1111111111111111111111111111111111111111:decentraland.zone","origin_server_ts":1763890000010,"event_id":"$garbage"},
    {"type":"org.decentraland.friendship","room_id":"!aBcDeF:decentraland.zone","sender":"@0x2222222222222222222222222222222222222222:decentraland.zone","content":{},"state_key":"@0x2222222222222222222222222222222222222222:decentraland.zone","origin_server_ts":1763890000011,"event_id":"$redacted","unsigned":{"redacted_because":{"type":"m.room.redaction"}}}
    ]}
    """#

    static let accountData = #"""
    {"account_data":{"global":{"m.direct":{"@0x2222222222222222222222222222222222222222:decentraland.zone":["!aBcDeF:decentraland.zone"],"0xAbCdEf0000000000000000000000000000000000":["!v12Opaque"],"@0x3333333333333333333333333333333333333333:decentraland.zone":["@0x3333333333333333333333333333333333333333:decentraland.zone"]},"m.ignored_user_list":{"ignored_users":{"@0x4444444444444444444444444444444444444444:decentraland.zone":{}}},"m.push_rules":{"global":{}}},"rooms":{"!aBcDeF:decentraland.zone":{"m.fully_read":{"event_id":"$req"}}}}}
    """#

    static let sync = #"""
    {"next_batch":"s72594_4483_1934","account_data":{"events":[{"type":"m.direct","content":{"@a:b":["!r:b"]}}]},
    "rooms":{"join":{"!aBcDeF:decentraland.zone":{"state":{"events":[]},"timeline":{"events":[{"type":"org.decentraland.friendship","sender":"@a:b","state_key":"","content":{"type":"accept"},"origin_server_ts":5,"event_id":"$acc"}],"limited":true,"prev_batch":"t1-2"},"account_data":{"events":[]}}},
    "invite":{"!new:b":{"invite_state":{"events":[{"type":"m.room.member","sender":"@c:b","state_key":"@a:b","content":{"membership":"invite"}}]}}}}}
    """#
}
