/*
 * image.h - the disk image backend (image.c, through libtsk), for
 * source.c's table: raw (also split), E01, VHD and VMDK read as a folder
 * whose children are the partitions holding NTFS or FAT ("p1", "p2"...;
 * "p0" for an image with no partition table).
 */
#ifndef HD_SOURCE_IMAGE_H
#define HD_SOURCE_IMAGE_H

#include "source/source.h"

extern const struct hd_src_backend hd_src_image_backend;

#endif
