// SPDX-License-Identifier: GPL-2.0
/*
 * Tiny helper for the QEMU guest init, so that the guest needs nothing
 * beyond a shell from the host's root file system:
 *   guest-helper lo-up      bring the loopback interface up
 *   guest-helper poweroff   sync and power the machine off (PID 1 only)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/reboot.h>
#include <sys/socket.h>

static int lo_up(void)
{
	struct ifreq ifr;
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (s < 0) {
		perror("socket");
		return 1;
	}
	memset(&ifr, 0, sizeof(ifr));
	strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
	if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0) {
		perror("SIOCGIFFLAGS lo");
		return 1;
	}
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0) {
		perror("SIOCSIFFLAGS lo");
		return 1;
	}
	close(s);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "lo-up"))
		return lo_up();
	if (argc == 2 && !strcmp(argv[1], "poweroff")) {
		sync();
		reboot(RB_POWER_OFF);
		/* No ACPI power-off: reboot, QEMU runs with -no-reboot */
		reboot(RB_AUTOBOOT);
		perror("reboot");
		return 1;
	}
	fprintf(stderr, "usage: %s lo-up|poweroff\n", argv[0]);
	return 2;
}
