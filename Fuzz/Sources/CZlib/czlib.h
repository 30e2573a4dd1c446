// The system zlib (zlib1g-dev), for FuzzDeflate's reference inflater.
#include <zlib.h>

// inflateInit2 is a macro, which Swift does not import: raw deflate (no zlib header), 32 KiB window.
static inline int czlib_inflate_init_raw(z_stream *stream) {
    return inflateInit2(stream, -15);
}
