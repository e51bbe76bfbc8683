/*
 * agreed.h - the name a hive's registry copies agree on (issue 17), the
 * name its names record carries and rule P1 judges.
 */
#ifndef HD_FLEET_AGREED_H
#define HD_FLEET_AGREED_H

#include "facts/facts.h"

/*
 * The name a row of the name table holds when every registry copy that has
 * one agrees byte for byte; NULL when none has one or they disagree (rules
 * A2-A5 speak for such a hive: its own name is in doubt).
 */
const char *hd_peer_agreed(const struct hd_name_row *row);

#endif
