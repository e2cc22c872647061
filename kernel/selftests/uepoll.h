/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space view of the uepoll (EPOLL_USERPOLL) ABI, mirroring
 * include/uapi/linux/eventpoll.h of the patched kernel, so that the tests
 * build against any libc headers.
 */
#ifndef UEPOLL_H
#define UEPOLL_H

#include <stdint.h>

#ifndef EPOLL_USERPOLL
#define EPOLL_USERPOLL 1
#endif
#define UEPOLL_EPOLLREMOVED (1u << 26)
#define UEPOLL_MAGIC 0xeb01eb01u
#define UEPOLL_HEADER_SIZE 128
#define UEPOLL_MAX_ITEMS 65536
#define UEPOLL_PROBE "/proc/sys/fs/epoll/userpoll_syscall_nr"

struct uepoll_item {
	uint32_t ready_events;
	uint32_t events;
	uint64_t data;
};

struct uepoll_header {
	uint32_t magic;
	uint32_t header_length;
	uint32_t index_length;
	uint32_t max_items_nr;
	uint32_t head;
	uint32_t tail;
	uint32_t pad[26];
	struct uepoll_item items[];
};

_Static_assert(sizeof(struct uepoll_item) == 16, "item size");
_Static_assert(sizeof(struct uepoll_header) == UEPOLL_HEADER_SIZE, "header size");

#endif
