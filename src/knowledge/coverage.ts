/** The ports the knowledge base promises to cover, and what the Chinese reference says about them. */

/** Every port the Chinese reference (shared/seed/tcp-ports-zh.txt) describes. */
export const REFERENCE_PORTS: readonly number[] = [
  20, 21, 23, 25, 53, 67, 68, 69, 79, 80, 99, 109, 110, 111, 113, 119, 135, 137, 139, 143, 161, 443, 554, 1024,
];

/** Ports that matter today beyond the reference, curated with the same depth. */
export const MODERN_PORTS: readonly number[] = [
  22, 123, 138, 389, 445, 465, 587, 636, 873, 993, 995, 1433, 1521, 1900, 2049, 2375, 2376, 2379, 3306, 3389,
  5353, 5432, 5900, 5985, 5986, 6379, 8080, 8443, 9200, 10250, 11211, 27017,
];

/** Malware the reference names for each port; each must appear under that port's entry. */
export const REFERENCE_MALWARE: Readonly<Record<number, readonly string[]>> = {
  21: ['Blade Runner', 'Doly Trojan', 'FTP Trojan', 'WebEx'],
  23: ['Tiny Telnet Server'],
  25: ['Ajan', 'Antigen', 'Email Password Sender', 'ProMail', 'Tapiras', 'Terminator', 'WinPC', 'WinSpy'],
  79: ['Firehotcker'],
  80: ['Executor', 'RingZero'],
  99: ['Hidden Port', 'NCx99'],
  110: ['ProMail'],
  113: ['Invisible Identd Daemon', 'Kazimas'],
  119: ['Happy99'],
  143: ['admv0rm'],
  1024: ['YAI'],
};

/** Corrections the knowledge base must carry: port → correction topics. */
export const REQUIRED_CORRECTIONS: Readonly<Record<number, readonly string[]>> = {
  69: ['tftp-origin'],
  53: ['dns-name'],
  143: ['imap-version'],
  113: ['ident-protocol'],
  1024: ['iana-port-ranges'],
  137: ['netbios-transports'],
  139: ['netbios-transports'],
};
