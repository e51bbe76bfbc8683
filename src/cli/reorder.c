/*
 * reorder.c - the runner's reorder window (see reorder.h).
 */
#include "cli/reorder.h"
#include "fleet/fleet.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int hd_reorder_init(struct hd_reorder *r, size_t cap)
{
	memset(r, 0, sizeof *r);
	if (cap == 0) {
		errno = EINVAL;
		return -1;
	}
	r->slots = calloc(cap, sizeof *r->slots);
	if (r->slots == NULL)
		return -1;
	r->cap = cap;
	return 0;
}

static void slot_clear(struct hd_slot *s)
{
	free(s->path);
	free(s->root);
	free(s->entry_error);
	if (s->names)
		hd_fleet_names_clear(s->names);
	free(s->names);
	hd_outcome_clear(&s->outcome);
	memset(s, 0, sizeof *s);
}

void hd_reorder_free(struct hd_reorder *r)
{
	for (size_t i = 0; r->slots && i < r->cap; i++)
		slot_clear(&r->slots[i]);
	free(r->slots);
	memset(r, 0, sizeof *r);
}

int hd_reorder_full(const struct hd_reorder *r)
{
	return r->tail - r->head >= r->cap;
}

int hd_reorder_empty(const struct hd_reorder *r)
{
	return r->tail == r->head;
}

struct hd_slot *hd_reorder_push(struct hd_reorder *r, const char *path, uint64_t *seq)
{
	struct hd_slot *s;

	if (hd_reorder_full(r)) {
		errno = ENOBUFS;
		return NULL;
	}
	s = &r->slots[r->tail % r->cap];
	if ((s->path = strdup(path)) == NULL)
		return NULL;
	s->state = HD_SLOT_QUEUED;
	s->no_follow = 0;
	*seq = r->tail++;
	return s;
}

struct hd_slot *hd_reorder_at(struct hd_reorder *r, uint64_t seq)
{
	if (seq < r->head || seq >= r->tail)
		return NULL;
	return &r->slots[seq % r->cap];
}

struct hd_slot *hd_reorder_ready(struct hd_reorder *r)
{
	struct hd_slot *s = hd_reorder_at(r, r->head);

	return s && s->state == HD_SLOT_DONE ? s : NULL;
}

void hd_reorder_pop(struct hd_reorder *r)
{
	if (hd_reorder_empty(r))
		return;
	slot_clear(&r->slots[r->head % r->cap]);
	r->head++;
}
