#include "bufferevents.h"

namespace ops {

BufferEvents *BufferEvents::instance()
{
    static BufferEvents events;
    return &events;
}

} // namespace ops
