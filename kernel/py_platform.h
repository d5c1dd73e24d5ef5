/*
 * kernel/py_platform.h - the interpreter's platform hooks on the kernel (kernel/py_platform.c).
 */
#ifndef KERNEL_PY_PLATFORM_H
#define KERNEL_PY_PLATFORM_H

/* Point vm_platform at the console, the TSC clock, thread sleep and the stack bounds. */
void py_platform_init(void);

#endif
