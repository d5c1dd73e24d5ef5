/* kernel/console/cmd_demo.h - demos defined outside kernel/console/cmd_demo.c, for its table of
 * demos. */
#ifndef KERNEL_CMD_DEMO_H
#define KERNEL_CMD_DEMO_H

int run_demo_gil(int argc, char **argv);       /* kernel/console/cmd_demo_smp.c */
int run_demo_interp(int argc, char **argv);

#endif
