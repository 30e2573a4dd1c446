#ifndef HINDSIGHT_CDEFLATE_SHIM_H
#define HINDSIGHT_CDEFLATE_SHIM_H
#include <libdeflate.h>
#endif
