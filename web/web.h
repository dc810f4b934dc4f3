/* web.h — `thuvien serve`: the Vietnamese web UI and the JSON API over
 * libmicrohttpd.  It renders what search/search.h returns; it never parses
 * documents or builds Xapian queries itself. */
#ifndef TV_WEB_H
#define TV_WEB_H

/* Entry point of the serve subcommand (argv[0] is the program name):
 * thuvien serve [--db DIR] [--bind 127.0.0.1] [--port 8080] [--static DIR]
 * Runs until SIGINT/SIGTERM; returns the process exit code. */
int web_main(int argc, char **argv);

#endif
