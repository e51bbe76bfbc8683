#!/bin/sh
# mkarchive.sh MKHIVE OUTDIR - the peer archive of issue 17, made from
# samples/healthy-nt4.reg (Contoso / Redmond / EXCH01): seven servers, each
# with its own server name (ComputerName, MSExchangeSA Server, the X500 DN's
# cn=, the TCP/IP Hostname) and every copy of its names consistent:
#   redmond/exch01..exch04  Contoso / Redmond   the directory's names
#   redmond/exch05          Contosso / Redmond  reinstalled with a typing error
#                                               (Q298565's reinstall cause)
#   redmond/exch06          contoso / Redmond   reinstalled, letter case only
#   paris/fab01             Fabrikam / Paris    another organization: no finding
# Expected (tests/cli/test_peers.sh): P1 on exch05 and exch06 only.
set -eu
mkhive=$1
out=$2
top=$(cd "$(dirname "$0")/../.." && pwd)
src="$top/samples/healthy-nt4.reg"

# server ORG SITE SERVER DIR: one hive OUT/DIR/<server in lower case>
server() {
	lower=$(echo "$3" | tr 'A-Z' 'a-z')
	mkdir -p "$out/$4"
	sed -e "s|\"EXCH01\"|\"$3\"|g" -e "s|cn=EXCH01/|cn=$3/|" -e "s|\"exch01\"|\"$lower\"|" \
	    -e "s|\"Enterprise\"=\"Contoso\"|\"Enterprise\"=\"$1\"|" -e "s|/o=Contoso/|/o=$1/|g" \
	    -e "s|\"Site\"=\"Redmond\"|\"Site\"=\"$2\"|" -e "s|/ou=Redmond|/ou=$2|g" \
	    "$src" >"$out/$4/$lower.reg"
	"$mkhive" "$out/$4/$lower.reg" "$out/$4/$lower" >/dev/null
	rm -f "$out/$4/$lower.reg"
}

for n in 1 2 3 4; do
	server Contoso Redmond "EXCH0$n" redmond
done
server Contosso Redmond EXCH05 redmond
server contoso Redmond EXCH06 redmond
server Fabrikam Paris FAB01 paris
