// System zlib (Debian's zlib1g-dev), found by pkg-config as `zlib`.
#include <zlib.h>
