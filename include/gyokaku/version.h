/*
 * version.h — the program's version, the one place it is written.
 *
 * The Makefile reads it from here (VERSION, for `make dist`, the man page's
 * header and the Debian package, whose debian/changelog must agree: `make
 * deb` refuses otherwise); --version and the about screen print it.
 */
#ifndef GYOKAKU_VERSION_H
#define GYOKAKU_VERSION_H

#define GK_VERSION "0.1.0"

#endif
