// Small typed arrays (a frame's nine registers, a VM's five cycle counts) cut from shared blocks,
// one ArrayBuffer each: a typed array made on its own also has an ArrayBuffer object and a
// backing store of its own, ~140 bytes more than the view -- for 1,000 VMs, 4,000 of them per
// simulation. They read and write like any other typed array (the same V8 map and elements
// kind). A block lives while any array cut from it does; copies (`slice`) are arrays of their own.

const BLOCK_BYTES = 16384;
let block = new ArrayBuffer(0);
let used = BLOCK_BYTES;

/** The byte offset of `bytes` zeroed bytes in `block` (8-byte aligned: a Float64Array's start must be). */
function cut(bytes: number): number {
    const size = (bytes + 7) & ~7;
    if (used + size > BLOCK_BYTES) {
        block = new ArrayBuffer(BLOCK_BYTES);
        used = 0;
    }
    const at = used;
    used += size;
    return at;
}

/** A zeroed Int32Array of `length` (<= 4,096) elements. */
export function smallInt32Array(length: number): Int32Array {
    const at = cut(length * Int32Array.BYTES_PER_ELEMENT);
    return new Int32Array(block, at, length);
}

/** A zeroed Float64Array of `length` (<= 2,048) elements. */
export function smallFloat64Array(length: number): Float64Array {
    const at = cut(length * Float64Array.BYTES_PER_ELEMENT);
    return new Float64Array(block, at, length);
}
