#ifndef SOCIALBRIDGE_CSQLITE_SHIM_H
#define SOCIALBRIDGE_CSQLITE_SHIM_H
#include <sqlite3.h>
#endif
