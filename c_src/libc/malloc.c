/* malloc.c: a first-fit allocator over a static heap.
 *
 * The heap is a sequence of blocks that covers it from end to end. Each
 * block starts with an 8-byte header (its size and whether it is in use),
 * and the memory handed out follows the header, so it is 8-byte aligned.
 * malloc walks the blocks from the start and takes the first free one that
 * is large enough, splitting off the rest. Neighboring free blocks are
 * merged lazily. free merges a block with the free blocks after it, and
 * malloc's walk merges a free block with its free successors before trying
 * it. So no block needs a link to the block before it.
 */
#include <stdlib.h>
#include <string.h>

/* Heap size in bytes: a multiple of 8. In the Scratch target's byte layout
 * each byte is one list item, saved in the project file. */
#ifndef SCRATCH_HEAP_SIZE
#define SCRATCH_HEAP_SIZE 65536
#endif
_Static_assert(SCRATCH_HEAP_SIZE % 8 == 0 && SCRATCH_HEAP_SIZE >= 16,
               "SCRATCH_HEAP_SIZE must be a multiple of 8, at least 16");

struct block_header {
    /* Bytes of the whole block, header included: a multiple of 8. */
    size_t size;
    /* 1 while the block is allocated, 0 while it is free. */
    size_t in_use;
};

enum { HEADER_SIZE = sizeof(struct block_header), ALIGNMENT = 8 };

/* 8-byte aligned, so every block is, in Scratch as natively. */
static _Alignas(8) unsigned char heap[SCRATCH_HEAP_SIZE];

static struct block_header *block_at(size_t offset) {
    return (struct block_header *)(heap + offset);
}

/* Returns the offset of the block whose memory starts at `memory`. */
static size_t offset_of(void *memory) {
    return (size_t)((unsigned char *)memory - heap) - HEADER_SIZE;
}

/* Returns the block size that holds `size` bytes, or 0 when no block of
 * the heap could. */
static size_t block_size_for(size_t size) {
    if (size > SCRATCH_HEAP_SIZE - HEADER_SIZE) return 0;
    /* malloc(0) still returns a unique block, so at least 8 bytes. */
    if (size == 0) size = ALIGNMENT;
    return (size + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT + HEADER_SIZE;
}

/* Merges the free blocks that directly follow the block at `offset` into it. */
static void absorb_free_successors(size_t offset) {
    struct block_header *block = block_at(offset);
    while (offset + block->size < SCRATCH_HEAP_SIZE) {
        struct block_header *next = block_at(offset + block->size);
        if (next->in_use) return;
        block->size += next->size;
    }
}

/* Shrinks the block at `offset` to `size` bytes when the rest can form a
 * free block of its own, header and 8 bytes, and merges that rest with
 * the free blocks after it. */
static void split_block(size_t offset, size_t size) {
    struct block_header *block = block_at(offset);
    if (block->size - size < HEADER_SIZE + ALIGNMENT) return;

    struct block_header *rest = block_at(offset + size);
    rest->size = block->size - size;
    rest->in_use = 0;
    block->size = size;
    absorb_free_successors(offset + size);
}

void *malloc(size_t size) {
    size_t needed = block_size_for(size);
    if (needed == 0) return NULL;

    /* The heap starts zeroed: a first header of size 0 means that no block
     * exists yet, so the whole heap becomes one free block. */
    if (block_at(0)->size == 0) block_at(0)->size = SCRATCH_HEAP_SIZE;

    for (size_t offset = 0; offset < SCRATCH_HEAP_SIZE; offset += block_at(offset)->size) {
        struct block_header *block = block_at(offset);
        if (block->in_use) continue;
        absorb_free_successors(offset);
        if (block->size >= needed) {
            split_block(offset, needed);
            block->in_use = 1;
            return heap + offset + HEADER_SIZE;
        }
    }
    return NULL;
}

void free(void *memory) {
    if (memory == NULL) return;
    size_t offset = offset_of(memory);
    block_at(offset)->in_use = 0;
    absorb_free_successors(offset);
}

/* Returns NULL when count * size exceeds the heap, which also rules out
 * an overflow of the product, or when the heap is full. */
void *calloc(size_t count, size_t size) {
    if (size != 0 && count > SCRATCH_HEAP_SIZE / size) return NULL;
    void *memory = malloc(count * size);
    if (memory != NULL) memset(memory, 0, count * size);
    return memory;
}

/* Resizes in place when the block, with the free blocks after it, is large
 * enough, and otherwise moves the contents to a new block. On failure the
 * old block stays valid and NULL is returned. realloc(memory, 0) frees the
 * block and returns NULL, as glibc does. */
void *realloc(void *memory, size_t size) {
    if (memory == NULL) return malloc(size);
    if (size == 0) {
        free(memory);
        return NULL;
    }
    size_t needed = block_size_for(size);
    if (needed == 0) return NULL;

    size_t offset = offset_of(memory);
    struct block_header *block = block_at(offset);
    size_t old_size = block->size - HEADER_SIZE;
    absorb_free_successors(offset);
    if (block->size >= needed) {
        split_block(offset, needed);
        return memory;
    }

    void *moved = malloc(size);
    if (moved == NULL) return NULL;
    memcpy(moved, memory, old_size < size ? old_size : size);
    free(memory);
    return moved;
}
