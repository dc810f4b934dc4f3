/* keypoints.h — the numbered tasks and solutions of a normative document
 * (nghị quyết, chỉ thị, kết luận, kế hoạch, hướng dẫn, công văn…): items that
 * open with "1.", "a)", "I.", "Thứ nhất,", "Một là,", each with its text and a
 * short label, so a member studying the document sees its points at a glance
 * and each point can be linked to the passages that explain it. */
#ifndef TV_KEYPOINTS_H
#define TV_KEYPOINTS_H

#include <jansson.h>

#include "doc.h"

/* Key points of d as a JSON array [{"marker": "1.", "level": 1, "label": "...",
 * "text": "...", "section": "..."}] (new reference; [] when the document has
 * none; "section" only when the points come from a "nhiệm vụ, giải pháp"
 * section, naming it).  Only the
 * body after the header is read; the Nơi nhận block and signature end it. */
json_t *kp_extract(const tv_doc *d);

#endif
