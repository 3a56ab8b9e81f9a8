#ifndef SOCIALBRIDGE_CEPOLL_SHIM_H
#define SOCIALBRIDGE_CEPOLL_SHIM_H
// epoll and eventfd are not part of the toolchain's Glibc module; the WebSocket event loop needs both.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <netinet/tcp.h>

// accept4 is a GNU extension the Glibc module does not expose (it is built without _GNU_SOURCE).
extern int accept4(int sockfd, struct sockaddr *addr, socklen_t *addrlen, int flags);
#endif
