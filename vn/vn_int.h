/* vn_int.h — internal to the vn module (vn.c, legacy.c, typing.c): the one
 * table of Vietnamese vowel letters, so no file of the module keeps a copy. */
#ifndef TV_VN_INT_H
#define TV_VN_INT_H

#include <stdint.h>

/* Vowel letters by index, in this order: a ă â e ê i o ô ơ u ư y. */
enum { V_A, V_AW, V_AA, V_E, V_EE, V_I, V_O, V_OO, V_OW, V_U, V_UW, V_Y, V_COUNT };

/* The lower-case code point of vowel v (V_*) with tone t: 0 ngang, 1 huyền,
 * 2 sắc, 3 hỏi, 4 ngã, 5 nặng. */
uint32_t vn_vowel_cp(int v, int t);

#endif
