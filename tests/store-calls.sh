#!/bin/sh
# tests/store-calls.sh — the calls between the files of src/store/ (issue 20:
# they should run one way, opening and history at the bottom). A file calls
# another when it calls a function that the other defines without `static`,
# or names one whose name starts with gk_ (a callback); comments, string
# literals and names a file defines static itself are skipped.
# Prints each file's callees, then every cycle (each group of files that
# reach one another, a strongly connected component). Exits 1 when a cycle
# holds files of two modules (a module: the files that share the name
# before the first "_", as import*.c): only the pieces of one module call
# each other both ways; and says so in particular when a cycle holds two of
# backup (backup*.c, restore*.c), roles (roles.c) and migrate (migrate.c),
# or the bottom: opening (store.c), the write transactions (store_base.c)
# or the history (history.c). `sh tests/store-calls.sh -v` also
# names the function behind each call. Part of `make layers` (and so of
# `make check`), which prints this map only when it fails. Opening stays at
# the bottom because store.c takes the upgrade (migrate.c, which backs up
# first) as a hook from store_open.c (doc/development.md).
cd "$(dirname "$0")/.." || exit 2
awk '
    # the text of a line without comments and string or character literals
    function code(s,    out, c, d, i, n) {
        out = ""; n = length(s)
        for (i = 1; i <= n; i++) {
            c = substr(s, i, 1); d = substr(s, i, 2)
            if (incomment) { if (d == "*/") { incomment = 0; i++ } continue }
            if (d == "/*") { incomment = 1; i++; out = out " "; continue }
            if (d == "//") break
            if (c == "\"" || c == "\047") {
                q = c
                for (i++; i <= n && substr(s, i, 1) != q; i++) if (substr(s, i, 1) == "\\") i++
                out = out " "; continue
            }
            out = out c
        }
        return out
    }
    FNR == 1 { f = FILENAME; sub(/^.*\//, "", f); sub(/\.c$/, "", f); files[f] = 1; incomment = 0; depth = 0 }
    {
        line = code($0)
        # a definition: at the top level, not static, a name before "(", no ";"
        if (depth == 0 && line ~ /^[A-Za-z]/ && line !~ /^(static|typedef|struct|enum|union|extern)[ \t]/ &&
            line !~ /;[ \t]*$/ && match(line, /[A-Za-z_][A-Za-z0-9_]*\(/)) {
            name = substr(line, RSTART, RLENGTH - 1)
            if (!(name in def)) def[name] = f
        } else if (depth == 0 && line ~ /^static[ \t]/ && match(line, /[A-Za-z_][A-Za-z0-9_]*\(/))
            local[f, substr(line, RSTART, RLENGTH - 1)] = 1 # shadows a name defined elsewhere
        text[f] = text[f] " " line
        depth += gsub(/\{/, "{", line) - gsub(/\}/, "}", line)
    }
    END {
        nf = 0
        for (f in files) idx[++nf] = f
        # sort the file names (insertion sort: a few dozen)
        for (i = 2; i <= nf; i++) { v = idx[i]; for (j = i - 1; j >= 1 && idx[j] > v; j--) idx[j + 1] = idx[j]; idx[j + 1] = v }
        for (i = 1; i <= nf; i++) num[idx[i]] = i
        for (i = 1; i <= nf; i++) {
            f = idx[i]; s = text[f]
            while (match(s, /[A-Za-z_][A-Za-z0-9_]*[ \t]*\(?/)) {
                w = substr(s, RSTART, RLENGTH); s = substr(s, RSTART + RLENGTH)
                call = w ~ /\($/; sub(/[ \t]*\(?$/, "", w)
                # a bare name counts only with gk_ (a callback): others are often variables
                if (!call && w !~ /^gk_/) continue
                if ((w in def) && def[w] != f && !((f, w) in local)) {
                    edge[i, num[def[w]]] = 1
                    if (why && !((f, w) in told)) { told[f, w] = 1; print "  " f " -> " def[w] " (" w ")" }
                }
            }
        }
        print "# calls between src/store/ files (FILE: the files it calls)"
        for (i = 1; i <= nf; i++) {
            out = ""
            for (j = 1; j <= nf; j++) if ((i, j) in edge) { out = out " " idx[j]; reach[i, j] = 1 }
            print idx[i] ":" out
        }
        for (k = 1; k <= nf; k++) for (i = 1; i <= nf; i++) if ((i, k) in reach)
            for (j = 1; j <= nf; j++) if ((k, j) in reach) reach[i, j] = 1
        bad = 0; ncyc = 0
        for (i = 1; i <= nf; i++) {
            if (i in seen || !((i, i) in reach)) continue
            out = ""; delete mods; nmods = 0
            for (j = i; j <= nf; j++) {
                if (j != i && !(((i, j) in reach) && ((j, i) in reach))) continue
                seen[j] = 1; out = out " " idx[j]
                m = idx[j] ~ /^(backup|restore)/ ? "backup" : idx[j] == "roles" ? "roles" : idx[j] == "migrate" ? "migrate" : ""
                if (m != "" && !(m in mods)) { mods[m] = 1; nmods++ }
                if (idx[j] ~ /^(store|store_base|history)$/) bottom = bottom " " idx[j]
                p = idx[j]; sub(/_.*/, "", p); pref[p] = 1
            }
            np = 0; for (p in pref) np++
            delete pref
            ncyc++
            print "cycle:" out
            if (bottom != "") {
                print "FAIL: a cycle through" bottom " (opening and history are the bottom: they call nothing that calls them)"
                bad = 1
            }
            bottom = ""
            if (np >= 2 && bottom == "" && nmods < 2) {
                print "FAIL: a cycle between modules (only the pieces of one module, as import*.c, may call each other both ways)"
                bad = 1
            }
            if (nmods >= 2) {
                ms = ""; for (m in mods) ms = ms " " m
                print "FAIL: a cycle through" ms " (backup, roles and migrate must not call each other in a circle)"
                bad = 1
            }
        }
        if (ncyc == 0) print "no cycles"
        exit bad
    }
' why="${1:+1}" src/store/*.c
