"""Credit repair (信用修复): apply on the public site; the deciding authority decides."""
