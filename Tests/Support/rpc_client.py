#!/usr/bin/env python3
"""Independent @dcl/rpc client for the transport conformance test (rpc-protocol.md §1, §3.1).

Knows only the spec: compiles the repository's dcl_rpc_index.proto with grpc_tools.protoc into a
temporary directory, talks to the server with the `websockets` client and Google's protobuf runtime.
The server must run the RPCTransportTests test service ("TestService": Echo, Count, ... 33 procedures)
with the test authenticator (credential "token:<identity>").

usage: rpc_client.py --port PORT --proto PATH/dcl_rpc_index.proto
Prints one line per check; exits 1 at the first failed check.
"""
import argparse
import importlib
import os
import sys
import tempfile

from grpc_tools import protoc
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

TEST_SERVICE_PROTO = """
syntax = "proto3";
message TestEcho { string text = 1; int64 number = 2; }
message TestEmpty {}
"""

checks = 0


def check(condition, what):
    global checks
    if not condition:
        print(f"FAIL: {what}")
        sys.exit(1)
    checks += 1
    print(f"ok: {what}")


def compile_protos(proto_path):
    out = tempfile.mkdtemp(prefix="rpc_client_")
    with open(os.path.join(out, "rpc_test_service.proto"), "w") as handle:
        handle.write(TEST_SERVICE_PROTO)
    proto_dir = os.path.dirname(os.path.abspath(proto_path))
    for include, name in ((proto_dir, os.path.basename(proto_path)), (out, "rpc_test_service.proto")):
        status = protoc.main(["protoc", f"-I{include}", f"--python_out={out}", name])
        if status != 0:
            print(f"FAIL: protoc could not compile {name}")
            sys.exit(1)
    sys.path.insert(0, out)
    index = importlib.import_module(os.path.basename(proto_path)[:-len(".proto")] + "_pb2")
    service = importlib.import_module("rpc_test_service_pb2")
    return index, service


def ident(kind, number):
    return ((kind & 0xF) << 27) | (number & 0x07FFFFFF)


def kind_of(identifier):
    return (identifier >> 27) & 0xF


def number_of(identifier):
    return identifier & 0x07FFFFFF


class Client:
    def __init__(self, pb, uri):
        self.pb = pb
        self.ws = connect(uri, max_size=2**20, open_timeout=10, close_timeout=5)

    def send(self, message):
        self.ws.send(message.SerializeToString())

    def recv(self):
        data = self.ws.recv(timeout=10)
        check(isinstance(data, bytes), "server frames are binary")
        header = self.pb.RpcMessageHeader.FromString(data)
        return kind_of(header.message_identifier), number_of(header.message_identifier), data

    def expect(self, kind, message_type, number):
        got_kind, got_number, data = self.recv()
        check(got_kind == kind and got_number == number, f"message type {kind} number {number} (got {got_kind}/{got_number})")
        return message_type.FromString(data)

    def close_code(self):
        try:
            while True:
                self.ws.recv(timeout=10)
        except ConnectionClosed as closed:
            return (closed.rcvd.code, closed.rcvd.reason) if closed.rcvd else (None, None)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--proto", required=True)
    args = parser.parse_args()
    pb, svc = compile_protos(args.proto)
    T = pb.RpcMessageTypes
    uri = f"ws://127.0.0.1:{args.port}/"

    # Authentication, SERVER_READY first, pipelined CREATE_PORT before SERVER_READY (as JS/Unity clients do).
    client = Client(pb, uri)
    client.ws.send("token:0xPython")
    client.send(pb.CreatePort(message_identifier=ident(T.RpcMessageTypes_CREATE_PORT, 1), port_name="python"))
    first = client.ws.recv(timeout=10)
    check(first == bytes.fromhex("0D00000058"), "SERVER_READY (0D 00 00 00 58) is the first frame")
    check(kind_of(pb.RpcMessageHeader.FromString(first).message_identifier) == T.RpcMessageTypes_SERVER_READY, "type 11")
    port = client.expect(T.RpcMessageTypes_CREATE_PORT_RESPONSE, pb.CreatePortResponse, 1).port_id
    check(port > 0, f"port id {port}")

    client.send(pb.RequestModule(message_identifier=ident(T.RpcMessageTypes_REQUEST_MODULE, 2), port_id=port, module_name="TestService"))
    module = client.expect(T.RpcMessageTypes_REQUEST_MODULE_RESPONSE, pb.RequestModuleResponse, 2)
    check(module.port_id == port, "module response echoes the port")
    check(len(module.procedures) == 33, f"33 procedures listed (got {len(module.procedures)})")
    check([p.procedure_id for p in module.procedures] == list(range(1, 34)), "ids 1..33 in order")
    ids = {p.procedure_name: p.procedure_id for p in module.procedures}

    # Unary.
    request = svc.TestEcho(text="hello from python", number=-42)
    client.send(pb.Request(message_identifier=ident(T.RpcMessageTypes_REQUEST, 3), port_id=port,
                           procedure_id=ids["Echo"], payload=request.SerializeToString()))
    response = client.expect(T.RpcMessageTypes_RESPONSE, pb.Response, 3)
    check(svc.TestEcho.FromString(response.payload) == request, "Echo answers with the request")

    # Unknown module, unknown procedure.
    client.send(pb.RequestModule(message_identifier=ident(T.RpcMessageTypes_REQUEST_MODULE, 4), port_id=port, module_name="Nope"))
    error = client.expect(T.RpcMessageTypes_REMOTE_ERROR_RESPONSE, pb.RemoteError, 4)
    check(error.error_message == f"Module Nope is not available for port python ({port}))", f"unknown module: {error.error_message!r}")
    client.send(pb.Request(message_identifier=ident(T.RpcMessageTypes_REQUEST, 5), port_id=port, procedure_id=99))
    error = client.expect(T.RpcMessageTypes_REMOTE_ERROR_RESPONSE, pb.RemoteError, 5)
    check(error.error_message == f"procedureId 99 is missing in python ({port}))", f"unknown procedure: {error.error_message!r}")

    # A stream consumed to its end: offer, ACK each element, server close with the last sequence id.
    client.send(pb.Request(message_identifier=ident(T.RpcMessageTypes_REQUEST, 6), port_id=port, procedure_id=ids["Count"],
                           payload=svc.TestEcho(number=3).SerializeToString()))
    offer = client.expect(T.RpcMessageTypes_STREAM_MESSAGE, pb.StreamMessage, 6)
    check(offer.sequence_id == 0 and not offer.payload and not offer.closed, "stream offer (sequence 0, no payload)")
    received, sequence = [], 0
    while True:
        client.send(pb.StreamMessage(message_identifier=ident(T.RpcMessageTypes_STREAM_ACK, 6), port_id=port,
                                     sequence_id=sequence, ack=True))
        message = client.expect(T.RpcMessageTypes_STREAM_MESSAGE, pb.StreamMessage, 6)
        if message.closed:
            check(message.sequence_id == sequence and not message.payload, f"server close carries the last sequence id {sequence}")
            break
        check(message.sequence_id == sequence + 1, f"consecutive sequence id {sequence + 1}")
        sequence = message.sequence_id
        received.append(svc.TestEcho.FromString(message.payload).number)
    check(received == [1, 2, 3], f"all elements in order {received}")

    # A stream cancelled by the client after two elements: nothing more arrives.
    client.send(pb.Request(message_identifier=ident(T.RpcMessageTypes_REQUEST, 7), port_id=port, procedure_id=ids["Count"],
                           payload=svc.TestEcho(number=100).SerializeToString()))
    client.expect(T.RpcMessageTypes_STREAM_MESSAGE, pb.StreamMessage, 7)
    for sequence in (0, 1):
        client.send(pb.StreamMessage(message_identifier=ident(T.RpcMessageTypes_STREAM_ACK, 7), port_id=port,
                                     sequence_id=sequence, ack=True))
        element = client.expect(T.RpcMessageTypes_STREAM_MESSAGE, pb.StreamMessage, 7)
        check(element.sequence_id == sequence + 1, f"element {sequence + 1}")
    client.send(pb.StreamMessage(message_identifier=ident(T.RpcMessageTypes_STREAM_MESSAGE, 7), port_id=port,
                                 sequence_id=2, closed=True))
    client.send(pb.Request(message_identifier=ident(T.RpcMessageTypes_REQUEST, 8), port_id=port, procedure_id=ids["Echo"],
                           payload=svc.TestEcho(text="after cancel").SerializeToString()))
    response = client.expect(T.RpcMessageTypes_RESPONSE, pb.Response, 8)
    check(svc.TestEcho.FromString(response.payload).text == "after cancel", "nothing follows a cancelled stream")

    # DESTROY_PORT forgets the port.
    client.send(pb.DestroyPort(message_identifier=ident(T.RpcMessageTypes_DESTROY_PORT, 0), port_id=port))
    client.send(pb.Request(message_identifier=ident(T.RpcMessageTypes_REQUEST, 9), port_id=port, procedure_id=ids["Echo"]))
    error = client.expect(T.RpcMessageTypes_REMOTE_ERROR_RESPONSE, pb.RemoteError, 9)
    check(error.error_message == "invalid portId", "destroyed port is invalid")

    # A protocol violation closes with 1011.
    client.send(pb.RpcMessageHeader(message_identifier=ident(T.RpcMessageTypes_RESPONSE, 10)))
    check(client.close_code() == (1011, "RPC transport closed"), "client-sent RESPONSE closes 1011")

    # A refused credential closes with 3003.
    refused = Client(pb, uri)
    refused.ws.send(b'{"x-identity-auth-chain-0":"nope"}')
    check(refused.close_code() == (3003, "Unauthorized"), "bad credential closes 3003")

    print(f"OK {checks} checks")


if __name__ == "__main__":
    main()
