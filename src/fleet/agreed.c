/*
 * agreed.c - the agreed name of a row of the name table (agreed.h).
 */
#include "fleet/agreed.h"

#include <stddef.h>

const char *hd_peer_agreed(const struct hd_name_row *row)
{
	const char *name = NULL;

	if (row->registry != HD_AGREE_EXACT && row->registry != HD_AGREE_NONE)
		return NULL;
	for (int s = 0; s < HD_NSRC_EXPECTED && name == NULL; s++)
		if (s != HD_NSRC_COMPUTER)
			name = row->cell[s].value;
	return name;
}
