#ifndef SOCIALBRIDGE_CCURL_SHIM_H
#define SOCIALBRIDGE_CCURL_SHIM_H
#include <curl/curl.h>
#endif
