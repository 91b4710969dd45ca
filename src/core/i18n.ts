/** The one catalogue of words portwarden shows a person, in every language it speaks. */
import { LANGS, type Lang, type Text } from './lang.js';

type Params = Readonly<Record<string, string | number>>;

/** Every message, keyed; `{name}` is replaced by a parameter. */
const CATALOGUE = {
  // Severities and advice actions.
  'severity.critical': { en: 'critical', zh: '严重' },
  'severity.high': { en: 'high', zh: '高' },
  'severity.medium': { en: 'medium', zh: '中' },
  'severity.low': { en: 'low', zh: '低' },
  'severity.info': { en: 'info', zh: '提示' },
  'action.close': { en: 'close', zh: '关闭' },
  'action.restrict': { en: 'restrict', zh: '限制访问' },
  'action.harden': { en: 'keep and harden', zh: '保留并加固' },
  'action.keep': { en: 'keep, patched', zh: '保留并及时打补丁' },
  'malware.trojan': { en: 'trojan', zh: '木马' },
  'malware.backdoor': { en: 'backdoor', zh: '后门' },
  'malware.worm': { en: 'worm', zh: '蠕虫' },
  'malware.virus': { en: 'virus', zh: '病毒' },
  'malware.botnet': { en: 'botnet', zh: '僵尸网络' },
  'malware.ransomware': { en: 'ransomware', zh: '勒索软件' },
  'malware.miner': { en: 'cryptominer', zh: '挖矿程序' },
  'exposure.internet': { en: 'internet', zh: '公网' },
  'exposure.lan': { en: 'LAN', zh: '局域网' },
  'exposure.loopback': { en: 'loopback only', zh: '仅回环' },
  'exposure.blocked': { en: 'firewalled', zh: '防火墙拦截' },

  // explain: section headings and labels.
  'explain.origin.reference': { en: 'covered by the original Chinese reference', zh: '原始中文参考文档所列端口' },
  'explain.origin.modern': { en: 'added beyond the original reference', zh: '参考文档之外补充的端口' },
  'explain.names': { en: 'Service names', zh: '服务名' },
  'explain.purpose': { en: 'Purpose', zh: '用途' },
  'explain.howItWorks': { en: 'How it works', zh: '工作方式' },
  'explain.risk': { en: 'Risk if reachable', zh: '可被访问时的风险' },
  'explain.weaknesses': { en: 'Weaknesses', zh: '弱点' },
  'explain.malware': { en: 'Malware known to use this port', zh: '已知利用此端口的恶意软件' },
  'explain.malware.fromReference': { en: 'named by the reference', zh: '参考文档列出' },
  'explain.advice': { en: 'Advice', zh: '建议' },
  'explain.checks': { en: 'What portwarden checks here', zh: 'portwarden 在此端口的检查' },
  'explain.related': { en: 'Related ports', zh: '相关端口' },
  'explain.corrections': { en: 'Corrections to the reference', zh: '对参考文档的更正' },
  'explain.correction.claim': { en: 'The reference says', zh: '参考文档称' },
  'explain.correction.fact': { en: 'In fact', zh: '实际上' },
  'explain.references': { en: 'References', zh: '参考资料' },
  'explain.iana': { en: 'IANA registry', zh: 'IANA 注册信息' },
  'explain.registryOnly': {
    en: "registry only: portwarden has no curated entry for this port; the name and description are IANA's.",
    zh: '仅注册信息：portwarden 知识库未收录此端口，以下名称和描述来自 IANA（英文原文）。',
  },
  'explain.unassigned': {
    en: '{port}: no service is registered with IANA for this port and the knowledge base has no entry.',
    zh: '{port}：IANA 未给此端口登记任何服务，知识库中也没有条目。',
  },
  'explain.transportNotCovered': {
    en: 'The knowledge base describes port {port} on {covered}; on {asked} only the IANA registration is known.',
    zh: '知识库描述的是 {covered} 上的 {port} 端口；{asked} 上只有 IANA 的注册信息。',
  },
  'explain.summary.port': { en: 'PORT', zh: '端口' },
  'explain.summary.service': { en: 'SERVICE', zh: '服务' },
  'explain.summary.risk': { en: 'RISK (INTERNET)', zh: '风险（公网）' },
  'explain.summary.advice': { en: 'ADVICE', zh: '建议' },
  'explain.summary.description': { en: 'DESCRIPTION', zh: '说明' },
  'explain.summary.count': {
    en: '{shown} of {total} ports in {range} have a curated entry or an IANA registration; {curated} are curated.',
    zh: '{range} 的 {total} 个端口中有 {shown} 个有知识库条目或 IANA 注册，其中 {curated} 个有知识库条目。',
  },
  'explain.summary.hint': {
    en: 'Run "portwarden explain <port>" for the full entry.',
    zh: '运行 "portwarden explain <端口>" 查看完整条目。',
  },

  // audit: findings and report.
  'audit.unknownService': { en: 'unknown service', zh: '未知服务' },
  'audit.exposure.internet': {
    en: '{port} ({service}) can be reached from the internet',
    zh: '{port}（{service}）可从公网访问',
  },
  'audit.exposure.lan': {
    en: '{port} ({service}) can be reached from the local network',
    zh: '{port}（{service}）可从局域网访问',
  },
  'audit.exposure.loopback': {
    en: '{port} ({service}) listens on loopback only',
    zh: '{port}（{service}）只监听回环地址',
  },
  'audit.exposure.blocked': {
    en: '{port} ({service}) listens on the network, but the firewall blocks it',
    zh: '{port}（{service}）在网络上监听，但被防火墙拦截',
  },
  'audit.exposure.generic': {
    en: 'The knowledge base has no entry for this port: find out what the program is and whether it must be reachable.',
    zh: '知识库没有此端口的条目：请查明该程序是什么，以及是否必须允许外部访问。',
  },
  'audit.suspicious.title': {
    en: '{port} is held by {program}, which is not a server normally found there',
    zh: '{port} 被 {program} 占用，这不是此端口上常见的服务程序',
  },
  'audit.suspicious.detail': {
    en: 'Backdoors and trojans have used {port} ({malware}). Check what this program is, where its file comes from and who started it.',
    zh: '曾有后门和木马使用 {port}（{malware}）。请核实该程序是什么、文件来自何处、由谁启动。',
  },
  'audit.unexpected.title': {
    en: '{port} is usually {service}, but {program} holds it',
    zh: '{port} 通常是 {service}，但占用它的是 {program}',
  },
  'audit.unexpected.detail': {
    en: 'The advice for {service} may not apply: make sure you know what this program serves on {port}.',
    zh: '针对 {service} 的建议未必适用：请确认该程序在 {port} 上提供的是什么服务。',
  },

  'audit.title': { en: 'portwarden audit of {host}', zh: 'portwarden 审计：{host}' },
  'audit.meta': {
    en: '{when} · {platform} · {source} · {count} sockets',
    zh: '{when} · {platform} · {source} · 共 {count} 个套接字',
  },
  'audit.partial': {
    en: 'Not running as root: sockets of other users show "?" as their process. Run as root to see them.',
    zh: '当前不是 root：其他用户的套接字无法显示所属进程（显示为 "?"）。以 root 运行可查看。',
  },
  'audit.hidden': {
    en: 'Some sockets show "?" as their process even as root: they belong to processes this one cannot see (another PID namespace or container).',
    zh: '即使以 root 运行，部分套接字的进程仍显示为 "?"：它们属于本进程看不到的进程（其他 PID 命名空间或容器）。',
  },
  'audit.firewall.read': {
    en: 'Firewall (best effort, static reading): {sources}',
    zh: '防火墙（尽力而为的静态解读）：{sources}',
  },
  'audit.firewall.none': {
    en: 'Firewall: no ruleset could be read; exposure assumes nothing filters traffic.',
    zh: '防火墙：未能读取任何规则集；暴露面按无过滤估计。',
  },
  'audit.firewall.notRead': { en: '{source} not read: {message}', zh: '未读取 {source}：{message}' },
  'audit.firewall.reason.not-installed': { en: 'not installed', zh: '未安装' },
  'audit.firewall.reason.permission': { en: 'needs root', zh: '需要 root 权限' },
  'audit.firewall.reason.failed': { en: 'the command failed', zh: '命令执行失败' },
  'audit.col.proto': { en: 'PROTO', zh: '协议' },
  'audit.col.address': { en: 'ADDRESS:PORT', zh: '地址:端口' },
  'audit.col.service': { en: 'SERVICE', zh: '服务' },
  'audit.col.process': { en: 'PROCESS', zh: '进程' },
  'audit.col.user': { en: 'USER', zh: '用户' },
  'audit.col.reach': { en: 'REACH', zh: '可达范围' },
  'audit.col.advice': { en: 'ADVICE', zh: '建议' },
  'audit.group': { en: '{severity} ({count})', zh: '{severity}（{count}）' },
  'audit.none': { en: 'No listening sockets were found.', zh: '没有发现正在监听的套接字。' },
  'audit.summary': {
    en: 'Summary: {critical} critical, {high} high, {medium} medium, {low} low, {info} info.',
    zh: '汇总：严重 {critical}，高 {high}，中 {medium}，低 {low}，提示 {info}。',
  },
  'audit.urgent': { en: 'Most urgent:', zh: '最紧急的操作：' },
  'audit.urgent.nothing': {
    en: 'Nothing needs action now: every port is either expected where it is or reachable only locally.',
    zh: '目前无需处理：所有端口要么在预期位置，要么只能在本机访问。',
  },
  'audit.urgent.item': {
    en: '{n}. {action} {port} ({service}{process}): {step}',
    zh: '{n}. {action} {port}（{service}{process}）：{step}',
  },
  'audit.urgent.genericStep': {
    en: 'find out what the program is; if it must stay, bind it to 127.0.0.1 or allow only trusted sources in the firewall.',
    zh: '查明该程序的用途；若必须保留，将其绑定到 127.0.0.1，或在防火墙中只允许可信来源访问。',
  },
  'audit.hint': {
    en: 'Details for any port: portwarden explain <port>',
    zh: '查看任一端口的详细说明：portwarden explain <端口>',
  },

  // targets: target specs (addresses, networks, ranges, names, files) and port specs (-p, --top-ports).
  'targets.emptyTargets': {
    en: 'No targets were given: name at least one address, network, range or host name.',
    zh: '未指定扫描目标：请至少给出一个地址、网段、地址范围或主机名。',
  },
  'targets.badAddress': {
    en: '"{token}" is neither an IP address, a network, an address range nor a host name.',
    zh: '"{token}" 既不是 IP 地址、网段、地址范围，也不是主机名。',
  },
  'targets.badOctet': {
    en: '"{token}" is not an IPv4 address: it needs four parts, each a number from 0 to 255.',
    zh: '"{token}" 不是有效的 IPv4 地址：需要四段，每段是 0 到 255 的数字。',
  },
  'targets.badPrefix': {
    en: '"{token}" is not a valid network: the prefix length must be from 0 to {max}.',
    zh: '"{token}" 不是有效网段：前缀长度必须在 0 到 {max} 之间。',
  },
  'targets.badRange': {
    en: '"{token}" is not a valid range: the first address must not be greater than the last, and both must be of one family.',
    zh: '"{token}" 不是有效的地址范围：起始地址不能大于结束地址，且两端须同为 IPv4 或 IPv6。',
  },
  'targets.badScope': {
    en: '"{token}": only a single IPv6 address may carry a %scope.',
    zh: '"{token}"：只有单个 IPv6 地址可以带 %作用域。',
  },
  'targets.tooComplexExclude': {
    en: '"{token}" excludes too many separate pieces; write it as networks or ranges instead.',
    zh: '"{token}" 排除的零散片段过多；请改用网段或地址范围来写。',
  },
  'targets.allExcluded': {
    en: 'Every target is excluded: nothing is left to scan.',
    zh: '所有目标都被排除了：没有可扫描的地址。',
  },
  'targets.unresolved': {
    en: 'The host name "{name}" could not be resolved to an address.',
    zh: '无法将主机名 "{name}" 解析为地址。',
  },
  'targets.emptyFile': {
    en: 'The file "{path}" lists nothing: put one target per line or separate them with spaces.',
    zh: '文件 "{path}" 中没有任何内容：请每行写一个目标，或用空格分隔。',
  },
  'targets.fileNotFound': {
    en: 'The file "{path}" does not exist.',
    zh: '文件 "{path}" 不存在。',
  },
  'targets.fileUnreadable': {
    en: 'The file "{path}" cannot be read: it is a folder, or you lack permission.',
    zh: '无法读取文件 "{path}"：它是一个目录，或您没有读取权限。',
  },
  'targets.emptyPortSpec': {
    en: 'No ports were given: write for example -p 22,80,443 or -p- for all ports.',
    zh: '未指定端口：例如写 -p 22,80,443，或用 -p- 表示全部端口。',
  },
  'targets.emptyPortItem': {
    en: '"{spec}" has an empty item: separate ports and ranges with single commas.',
    zh: '"{spec}" 中有空项：端口和范围之间请只用一个逗号分隔。',
  },
  'targets.sctpUnsupported': {
    en: '"{token}": portwarden does not scan SCTP; use T: for TCP or U: for UDP.',
    zh: '"{token}"：portwarden 不扫描 SCTP；请用 T: 表示 TCP，U: 表示 UDP。',
  },
  'targets.unknownPortName': {
    en: '"{name}" is not a port number, and no service of that name is known for {transport}.',
    zh: '"{name}" 不是端口号，也没有找到 {transport} 上叫这个名字的服务。',
  },
  'targets.badTopPorts': {
    en: '"{value}" is not a number of ports: give a whole number from 1 to 65535.',
    zh: '"{value}" 不是有效的端口数量：请给出 1 到 65535 之间的整数。',
  },
  'targets.noNmapServices': {
    en: 'The file "{path}" has no entries in the nmap-services format (name port/protocol frequency).',
    zh: '文件 "{path}" 中没有 nmap-services 格式（服务名 端口/协议 频率）的条目。',
  },

  // scan: the network scan's report and options.
  'scan.title': {
    en: 'portwarden scan: {hosts} host(s), {tcp} TCP and {udp} UDP port(s), seed {seed}',
    zh: 'portwarden 扫描：{hosts} 台主机，{tcp} 个 TCP 端口、{udp} 个 UDP 端口，种子 {seed}',
  },
  'scan.host.up': { en: '{host} is up', zh: '{host} 在线' },
  'scan.host.down': {
    en: '{host} is down: nothing answered ({reason})',
    zh: '{host} 不在线：没有任何应答（{reason}）',
  },
  'scan.host.unknown': {
    en: '{host}: no port answered (filtered or no host)',
    zh: '{host}：没有端口应答（被过滤或主机不存在）',
  },
  'scan.col.port': { en: 'PORT', zh: '端口' },
  'scan.col.state': { en: 'STATE', zh: '状态' },
  'scan.col.service': { en: 'SERVICE', zh: '服务' },
  'scan.col.reason': { en: 'REASON', zh: '原因' },
  'scan.col.rtt': { en: 'RTT', zh: '往返时间' },
  'scan.col.version': { en: 'VERSION', zh: '版本' },
  'scan.findings': { en: 'Findings', zh: '发现的问题' },
  'scan.checkErrors': {
    en: '{count} check(s) could not finish: {list}',
    zh: '{count} 项检查未能完成：{list}',
  },
  'scan.checksRun': {
    en: '{count} check result(s) on {ports} port(s); {findings} finding(s)',
    zh: '{ports} 个端口上共 {count} 项检查结果；发现 {findings} 个问题',
  },
  'scan.tls': { en: 'TLS', zh: 'TLS' },
  'scan.notShown': { en: 'Not shown: {closed} closed port(s).', zh: '未显示：{closed} 个关闭的端口。' },
  'scan.noOpen': { en: 'No open port among {count} scanned.', zh: '扫描的 {count} 个端口中没有开放端口。' },
  'scan.done': {
    en: 'Done: {hosts} host(s) ({up} up), {probes} probe(s) in {seconds} s.',
    zh: '完成：{hosts} 台主机（{up} 台在线），{probes} 次探测，用时 {seconds} 秒。',
  },
  'scan.interrupted': {
    en: 'Interrupted: the results above are what was found before the stop.',
    zh: '已中断：以上是停止前已发现的结果。',
  },
  'scan.state.open': { en: 'open', zh: '开放' },
  'scan.state.closed': { en: 'closed', zh: '关闭' },
  'scan.state.filtered': { en: 'filtered', zh: '被过滤' },
  'scan.state.open|filtered': { en: 'open|filtered', zh: '开放或被过滤' },
  'scan.progress': {
    en: '{percent}% {done}/{total} probes, {rate}/s, about {eta} s left',
    zh: '{percent}% {done}/{total} 次探测，每秒 {rate} 次，约剩 {eta} 秒',
  },
  'cli.scan.description': {
    en: 'Scan hosts over the network: TCP connect and UDP probes, each port with its state and the reason',
    zh: '通过网络扫描主机：TCP 连接扫描和 UDP 探测，给出每个端口的状态及原因',
  },
  'cli.scan.targets': {
    en: 'addresses, networks (CIDR), ranges or host names',
    zh: '地址、网段（CIDR）、地址范围或主机名',
  },
  'cli.scan.ports': {
    en: 'ports in nmap syntax: 22,80,1000-2000,T:443,U:53 or - for all',
    zh: 'nmap 语法的端口：22,80,1000-2000,T:443,U:53，- 表示全部',
  },
  'cli.scan.topPorts': {
    en: 'the N most common ports (default 1000 TCP)',
    zh: '最常见的 N 个端口（默认 1000 个 TCP）',
  },
  'cli.scan.fast': { en: 'the 100 most common ports', zh: '最常见的 100 个端口' },
  'cli.scan.udp': { en: 'also scan UDP (-sU)', zh: '同时扫描 UDP（-sU）' },
  'cli.scan.inputList': { en: 'read targets from a file (-iL)', zh: '从文件读取目标（-iL）' },
  'cli.scan.exclude': { en: 'targets to leave out', zh: '要排除的目标' },
  'cli.scan.excludeFile': { en: 'read targets to leave out from a file', zh: '从文件读取要排除的目标' },
  'cli.scan.skipDiscovery': {
    en: 'treat every host as up, scan all its ports (-Pn)',
    zh: '将所有主机视为在线并扫描其全部端口（-Pn）',
  },
  'cli.scan.allAddresses': {
    en: 'scan every address a host name resolves to (default: the first)',
    zh: '扫描主机名解析出的所有地址（默认只扫描第一个）',
  },
  'cli.scan.seed': {
    en: 'key of the random probe order (same seed, same order)',
    zh: '随机探测顺序的密钥（种子相同则顺序相同）',
  },
  'cli.scan.timing': { en: 'timing template 0-5, like nmap -T', zh: '时间模板 0-5，同 nmap 的 -T' },
  'cli.scan.rate': { en: 'at most N probes per second', zh: '每秒最多 N 次探测' },
  'cli.scan.maxRetries': { en: 'resend a timed-out probe at most N times', zh: '超时的探测最多重发 N 次' },
  'scan.resume.unreadable': { en: 'Cannot read the resume file {file}.', zh: '无法读取续扫文件 {file}。' },
  'scan.resume.invalid': {
    en: '{file} is not a portwarden scan state file.',
    zh: '{file} 不是 portwarden 的扫描状态文件。',
  },
  'scan.resume.other': {
    en: '{file} belongs to another scan (other targets, ports or seed); give those, or a new file.',
    zh: '{file} 属于另一次扫描（目标、端口或种子不同）；请使用相同的参数，或换一个新文件。',
  },
  'scan.resume.from': {
    en: 'Resuming from {file}: {done} of {total} TCP probes were already done.',
    zh: '从 {file} 继续：{total} 次 TCP 探测中已完成 {done} 次。',
  },
  'scan.resume.complete': {
    en: '{file} holds a finished scan; its results are shown again.',
    zh: '{file} 记录的扫描已经完成；以下重新显示其结果。',
  },
  'cli.scan.resume': {
    en: 'save progress to FILE; run the same command again to continue after an interruption',
    zh: '将进度保存到 FILE；中断后再次运行同一命令即可继续',
  },
  'cli.scan.engine': {
    en: 'TCP engine: auto (the native connector for large scans when it was built), native, or js',
    zh: 'TCP 扫描引擎：auto（已编译原生连接器时大规模扫描用它）、native 或 js',
  },
  'error.badEngine': {
    en: '"{value}" is not an engine: use auto, native or js.',
    zh: '"{value}" 不是有效的引擎：请使用 auto、native 或 js。',
  },
  'cli.scan.checks': {
    en: 'after the scan, identify services and run checks: default, all, or ids and categories separated by commas',
    zh: '扫描后识别服务并运行检查：default、all，或以逗号分隔的检查 id 与类别',
  },
  'cli.scan.intrusive': {
    en: 'allow intrusive checks (logins with guessed names, relay tests, zone transfers, DHCP, writes)',
    zh: '允许侵入性检查（猜测用户名登录、中继测试、区域传送、DHCP、写操作）',
  },
  'cli.scan.checkArg': {
    en: 'an argument for the checks, name=value (repeatable), e.g. dns.zone=example.test',
    zh: '传给检查的参数，格式 名称=值（可重复），例如 dns.zone=example.test',
  },
  'cli.scan.serviceVersion': {
    en: 'identify the service and version on each open port (-sV)',
    zh: '识别每个开放端口上的服务及版本（-sV）',
  },
  'cli.scan.reach': {
    en: 'where the scanned hosts stand, for the risk: internet, lan or loopback (default: from each address)',
    zh: '被扫描主机所处位置，用于评估风险：internet、lan 或 loopback（默认按地址判断）',
  },
  'cli.checks.description': {
    en: 'List the checks a scan can run, with their categories',
    zh: '列出扫描可运行的检查及其类别',
  },
  'error.badReach': {
    en: '"{value}" is not a reach: use internet, lan or loopback.',
    zh: '"{value}" 不是有效的位置：请使用 internet、lan 或 loopback。',
  },
  'checks.col.id': { en: 'CHECK', zh: '检查' },
  'checks.col.categories': { en: 'CATEGORIES', zh: '类别' },
  'checks.col.applies': { en: 'PORTS', zh: '端口' },
  'checks.col.title': { en: 'WHAT IT LOOKS AT', zh: '检查内容' },
  'cli.scan.json': {
    en: 'JSON Lines: one event per line (schema portwarden.scan/1)',
    zh: 'JSON Lines：每行一个事件（结构 portwarden.scan/1）',
  },
  'error.badNumber': {
    en: '{option} needs a whole number from {min} to {max}, not "{value}".',
    zh: '{option} 需要 {min} 到 {max} 之间的整数，而不是 "{value}"。',
  },

  // Errors (usage errors exit with code 2).
  'error.prefix': { en: 'portwarden: ', zh: 'portwarden：' },
  'error.emptyQuery': {
    en: 'Give a port, a range, or a service name, for example: 21, 137/udp, 1-30, ftp.',
    zh: '请给出端口、端口范围或服务名，例如：21、137/udp、1-30、ftp。',
  },
  'error.portOutOfRange': {
    en: '"{token}" is not a port: ports run from 0 to 65535.',
    zh: '"{token}" 不是有效端口：端口号范围是 0 到 65535。',
  },
  'error.badRange': {
    en: '"{token}" is not a valid range: the first port must not be greater than the last.',
    zh: '"{token}" 不是有效范围：起始端口不能大于结束端口。',
  },
  'error.badTransport': {
    en: '"{token}": the protocol after "/" must be tcp, udp or sctp.',
    zh: '"{token}"："/" 之后的协议必须是 tcp、udp 或 sctp。',
  },
  'error.badToken': {
    en: '"{token}" is neither a port, a range nor a service name.',
    zh: '"{token}" 既不是端口、端口范围，也不是服务名。',
  },
  'error.unknownService': {
    en: 'No service is called "{name}". Did you mean: {suggestions}?',
    zh: '没有名为 "{name}" 的服务。您是不是要找：{suggestions}？',
  },
  'error.unknownServiceNoMatch': {
    en: 'No service is called "{name}", and no known name is close to it.',
    zh: '没有名为 "{name}" 的服务，也没有相近的服务名。',
  },
  'error.unknownCheck': {
    en: 'No check or check category is called "{name}"; `portwarden checks` lists them.',
    zh: '没有名为 "{name}" 的检查或检查类别；运行 `portwarden checks` 查看全部。',
  },
  'error.intrusiveCheck': {
    en: 'The check "{name}" is intrusive: add --intrusive to allow it.',
    zh: '检查 "{name}" 属于侵入性检查：需加上 --intrusive 才能运行。',
  },
  'error.badCheckArg': {
    en: '"{value}" is not a check argument: write name=value, e.g. dns.zone=example.test.',
    zh: '"{value}" 不是有效的检查参数：请写成 名称=值，例如 dns.zone=example.test。',
  },
  'error.badLang': {
    en: '"{value}" is not a supported language: use zh or en.',
    zh: '"{value}" 不是支持的语言：请使用 zh 或 en。',
  },
  'error.unknownOption': { en: 'Unknown option {option}.', zh: '未知选项 {option}。' },
  'error.unknownCommand': { en: 'Unknown command "{command}".', zh: '未知命令 "{command}"。' },
  'error.missingArgument': { en: 'Missing argument: {argument}.', zh: '缺少参数：{argument}。' },
  'error.optionMissingArgument': { en: 'Option {option} needs a value.', zh: '选项 {option} 需要一个值。' },
  'error.excessArguments': { en: 'Too many arguments.', zh: '参数过多。' },
  'error.usageHint': { en: 'See "portwarden --help".', zh: '请参阅 "portwarden --help"。' },
  'error.toolMissing': {
    en: '{tool} is not installed or not on PATH, so this cannot be done here.',
    zh: '未安装 {tool} 或它不在 PATH 中，因此无法在此完成该操作。',
  },
  'error.commandFailed': { en: '{tool} failed: {message}', zh: '{tool} 执行失败：{message}' },
  'error.procfsUnreadable': {
    en: '{path} cannot be read, so local sockets cannot be listed: is /proc mounted?',
    zh: '无法读取 {path}，因此无法列出本机套接字：/proc 是否已挂载？',
  },
  'error.unsupportedPlatform': {
    en: 'Listing local sockets is not supported on {platform} (supported: Linux, macOS, Windows).',
    zh: '不支持在 {platform} 上列出本机套接字（支持 Linux、macOS、Windows）。',
  },
  'error.internal': {
    en: 'Internal error: {message}. Please report it with the command you ran.',
    zh: '内部错误：{message}。请连同所执行的命令一起报告。',
  },

  // CLI help.
  'cli.description': {
    en: 'Which ports are open, what each one is, whether it is dangerous, and how to close it.',
    zh: '查明哪些端口开放、各是什么服务、是否危险，以及如何关闭。',
  },
  'cli.opt.lang': {
    en: 'language of the output: zh or en (default: from LC_ALL/LANG)',
    zh: '输出语言：zh 或 en（默认取自 LC_ALL/LANG）',
  },
  'cli.opt.noColor': {
    en: 'no colours (also when NO_COLOR is set or output is piped)',
    zh: '不使用颜色（设置 NO_COLOR 或输出被管道重定向时亦然）',
  },
  'cli.opt.json': { en: 'machine-readable JSON output (versioned schema)', zh: '输出机器可读的 JSON（带版本的结构）' },
  'cli.opt.version': { en: 'print the version', zh: '显示版本号' },
  'cli.opt.help': { en: 'show help', zh: '显示帮助' },
  'cli.cmd.help': { en: 'show help for a command', zh: '显示某个命令的帮助' },
  'cli.explain.description': {
    en: 'Explain ports from the knowledge base: purpose, weaknesses, malware, risk and advice',
    zh: '根据知识库解释端口：用途、弱点、恶意软件、风险和建议',
  },
  'cli.explain.arg': {
    en: 'ports, ranges or service names: 21, ftp, 137/udp, 21,23,25, 1-30',
    zh: '端口、端口范围或服务名：21、ftp、137/udp、21,23,25、1-30',
  },
  'cli.audit.description': {
    en: "Audit this machine's listening ports: who holds each one, who can reach it, the risk and the advice",
    zh: '审计本机正在监听的端口：由谁占用、谁能访问、风险如何、应当怎么做',
  },
  'cli.audit.failOn': {
    en: 'exit with code 1 when any port is at or above this severity: critical, high, medium, low, info',
    zh: '任一端口的风险达到或超过该级别时以退出码 1 结束：critical、high、medium、low、info',
  },
  'cli.audit.noFirewall': { en: 'do not read the firewall rulesets', zh: '不读取防火墙规则集' },
  'error.badSeverity': {
    en: '"{value}" is not a severity: use critical, high, medium, low or info.',
    zh: '"{value}" 不是有效的风险级别：请使用 critical、high、medium、low 或 info。',
  },
  // Reports (--format csv/md/html/xml, -o) and nmap XML import.
  'report.col.host': { en: 'Host', zh: '主机' },
  'report.col.port': { en: 'Port', zh: '端口' },
  'report.col.protocol': { en: 'Protocol', zh: '协议' },
  'report.col.state': { en: 'State', zh: '状态' },
  'report.col.reason': { en: 'Reason', zh: '原因' },
  'report.col.address': { en: 'Bind address', zh: '绑定地址' },
  'report.col.service': { en: 'Service', zh: '服务' },
  'report.col.product': { en: 'Product', zh: '产品' },
  'report.col.version': { en: 'Version', zh: '版本' },
  'report.col.process': { en: 'Process', zh: '进程' },
  'report.col.severity': { en: 'Risk', zh: '风险' },
  'report.col.action': { en: 'Advice', zh: '建议' },
  'report.col.findings': { en: 'Findings', zh: '发现的问题' },
  'report.col.check': { en: 'Check', zh: '检查' },
  'report.col.status': { en: 'Status', zh: '状态' },
  'report.col.result': { en: 'Result', zh: '结果' },
  'report.title.audit': { en: 'portwarden audit report', zh: 'portwarden 本机端口审计报告' },
  'report.title.scan': { en: 'portwarden scan report', zh: 'portwarden 扫描报告' },
  'report.title.import': { en: 'portwarden report on an nmap scan', zh: 'portwarden 对 nmap 扫描结果的评估报告' },
  'report.subtitle': {
    en: 'From {started} to {finished}, by {tool}.',
    zh: '时间：{started} 至 {finished}，由 {tool} 完成。',
  },
  'report.interrupted': {
    en: 'This run was stopped before the end: what is shown was found, what is missing was not looked at.',
    zh: '本次运行在结束前被中断：显示的内容均为已发现的结果，缺少的部分尚未检查。',
  },
  'report.parameters': { en: 'Parameters', zh: '运行参数' },
  'report.parameter': { en: 'Parameter', zh: '参数' },
  'report.value': { en: 'Value', zh: '值' },
  'report.param.tool': { en: 'Tool', zh: '工具' },
  'report.param.started': { en: 'Started', zh: '开始时间' },
  'report.param.finished': { en: 'Finished', zh: '结束时间' },
  'report.param.id': { en: 'Run id', zh: '运行编号' },
  'report.summary': { en: 'Summary', zh: '概览' },
  'report.chart.title': { en: 'Findings by risk', zh: '按风险级别统计的问题' },
  'report.totals.hosts': { en: 'hosts', zh: '台主机' },
  'report.totals.up': { en: 'up', zh: '台在线' },
  'report.totals.open': { en: 'open ports', zh: '个开放端口' },
  'report.totals.findings': { en: 'findings', zh: '个问题' },
  'report.host': { en: '{host} ({state})', zh: '{host}（{state}）' },
  'report.hostState.up': { en: 'up', zh: '在线' },
  'report.hostState.down': { en: 'down', zh: '不在线' },
  'report.hostState.unknown': { en: 'no answer', zh: '无应答' },
  'report.noPorts': { en: 'No open or filtered port.', zh: '没有开放或被过滤的端口。' },
  'report.findings': { en: 'Findings and advice', zh: '发现的问题与建议' },
  'report.noFindings': { en: 'No findings.', zh: '没有发现问题。' },
  'report.evidence': { en: 'Evidence', zh: '依据' },
  'report.advice': { en: 'Advice', zh: '建议' },
  'report.checks': { en: 'Check results ({count})', zh: '检查结果（{count} 项）' },
  'report.check.ok': { en: 'done', zh: '已完成' },
  'report.check.not-applicable': { en: 'not applicable', zh: '不适用' },
  'report.check.error': { en: 'could not finish', zh: '未能完成' },
  'report.copy': { en: 'Copy', zh: '复制' },
  'report.copied': { en: 'Copied', zh: '已复制' },
  'report.cmd.explain': { en: 'What this port is, its weaknesses and advice:', zh: '查看此端口的用途、弱点和建议：' },
  'report.cmd.verify': {
    en: 'After the change, check again that it is closed or restricted:',
    zh: '修改之后，再次检查它是否已关闭或已限制访问：',
  },
  'report.text.header': {
    en: '{tool} run of {started}: {hosts} host(s)',
    zh: '{tool} 于 {started} 的运行结果：{hosts} 台主机',
  },
  'import.vulnerable.title': {
    en: 'nmap script {script} reports a vulnerability: {title}',
    zh: 'nmap 脚本 {script} 报告存在漏洞：{title}',
  },
  'import.script.detail': { en: 'Output of {script}: {output}', zh: '{script} 的输出：{output}' },
  'import.ftpAnon.title': {
    en: '{port}: anonymous FTP login is allowed (nmap ftp-anon)',
    zh: '{port}：允许匿名登录 FTP（nmap ftp-anon）',
  },
  'cli.opt.format': {
    en: 'output format: text, json, jsonl, csv, md, html or xml (nmap XML)',
    zh: '输出格式：text、json、jsonl、csv、md、html 或 xml（nmap XML）',
  },
  'cli.opt.output': {
    en: 'write the report to FILE (complete or not at all) instead of standard output',
    zh: '将报告写入 FILE（要么完整写入，要么不写），而不是标准输出',
  },
  'cli.import.description': {
    en: "Import nmap's XML output (-oX): assess every open port with the knowledge base and give advice",
    zh: '导入 nmap 的 XML 输出（-oX）：用知识库评估每个开放端口并给出建议',
  },
  'cli.import.file': { en: 'the nmap XML file (- for standard input)', zh: 'nmap XML 文件（- 表示标准输入）' },
  'error.badFormat': {
    en: '"{value}" is not a report format: use {formats}.',
    zh: '"{value}" 不是有效的报告格式：请使用 {formats}。',
  },
  'error.formatConflict': {
    en: '--json and --format {format} ask for different outputs: give one of them.',
    zh: '--json 与 --format {format} 要求的输出不同：请只给出其中一个。',
  },
  'error.xmlNeedsScan': {
    en: 'nmap XML describes a network scan of IP addresses; this run is not one: use json, csv, md or html.',
    zh: 'nmap XML 描述的是对 IP 地址的网络扫描，而本次运行不是：请使用 json、csv、md 或 html。',
  },
  'error.outputUnwritable': {
    en: 'Cannot write the report to {file}: {reason}.',
    zh: '无法将报告写入 {file}：{reason}。',
  },
  'error.importUnreadable': { en: 'Cannot read {file}: {reason}.', zh: '无法读取 {file}：{reason}。' },
  'error.importNotXml': {
    en: '{file} is not well-formed XML (line {line}).',
    zh: '{file} 不是格式正确的 XML（第 {line} 行）。',
  },
  'error.importEntities': {
    en: '{file} declares its own entities (line {line}); nmap never does, and they are refused for safety.',
    zh: '{file} 自行声明了实体（第 {line} 行）；nmap 从不这样做，出于安全考虑予以拒绝。',
  },
  'error.importTooLarge': {
    en: '{file} is too large or too deeply nested to be an nmap report.',
    zh: '{file} 过大或嵌套过深，不像是 nmap 报告。',
  },
  'error.importNotNmap': {
    en: '{file} is XML but not nmap output ({what}).',
    zh: '{file} 是 XML，但不是 nmap 的输出（{what}）。',
  },
  // store: the history of runs (--db, --no-save, portwarden history, portwarden show).
  'store.saved': { en: 'saved as run {id}', zh: '已保存为运行记录 {id}' },
  'store.notSaved': {
    en: 'Warning: this run was not saved in the history: {message}',
    zh: '警告：本次运行未能保存到历史记录中：{message}',
  },
  'store.cannotOpen': {
    en: 'cannot open the history database {location}: {message}',
    zh: '无法打开历史数据库 {location}：{message}',
  },
  'store.newerSchema': {
    en: 'the history database {location} was written by a newer portwarden (schema version {version}; this one knows up to {supported}).',
    zh: '历史数据库 {location} 由更新版本的 portwarden 写入（结构版本 {version}，当前版本最高支持 {supported}）。',
  },
  'store.failed': { en: 'the history store failed: {message}', zh: '历史记录存储出错：{message}' },
  'error.store.emptyDb': {
    en: '--db needs a database: a file path or a postgres:// URL.',
    zh: '--db 需要指定数据库：文件路径或 postgres:// 地址。',
  },
  'error.store.badDb': {
    en: '"{value}" is not a database portwarden can use: give a file path or a postgres:// URL.',
    zh: '"{value}" 不是 portwarden 可用的数据库：请给出文件路径或 postgres:// 地址。',
  },
  'error.store.badRun': {
    en: '"{value}" is not a run id: give an id from portwarden history, or its first 4 or more characters, or last.',
    zh: '"{value}" 不是运行记录编号：请给出 portwarden history 列出的编号、其前 4 个或更多字符，或 last。',
  },
  'error.store.noRun': {
    en: 'No saved run matches "{value}" in {location}.',
    zh: '在 {location} 中没有与 "{value}" 匹配的运行记录。',
  },
  'error.store.ambiguous': {
    en: 'Several runs start with "{prefix}": give more characters of the id.',
    zh: '有多条运行记录以 "{prefix}" 开头：请给出更多位编号。',
  },
  'error.store.badAge': {
    en: '"{value}" is not an age: use a number and a unit, like 30d, 12h or 8w (s, m, h, d, w, y).',
    zh: '"{value}" 不是有效的时长：请使用数字加单位，如 30d、12h 或 8w（s、m、h、d、w、y）。',
  },
  'error.store.badSince': {
    en: '"{value}" is neither an age (7d) nor a date (2026-01-31).',
    zh: '"{value}" 既不是时长（如 7d）也不是日期（如 2026-01-31）。',
  },
  'error.store.badKind': {
    en: '"{value}" is not a kind of run: use audit, scan or import.',
    zh: '"{value}" 不是有效的运行类型：请使用 audit、scan 或 import。',
  },
  'run.header': { en: 'Run {id} · {kind} · {when} · {tool}', zh: '运行记录 {id} · {kind} · {when} · {tool}' },
  'run.kind.audit': { en: 'audit', zh: '本机审计' },
  'run.kind.scan': { en: 'scan', zh: '网络扫描' },
  'run.kind.import': { en: 'import', zh: '导入' },
  'run.col.severity': { en: 'RISK', zh: '风险' },
  'run.imported': {
    en: 'Imported from {file}: {command}',
    zh: '导入自 {file}：{command}',
  },
  'history.col.id': { en: 'RUN', zh: '编号' },
  'history.col.when': { en: 'STARTED (UTC)', zh: '开始时间（UTC）' },
  'history.col.kind': { en: 'KIND', zh: '类型' },
  'history.col.targets': { en: 'TARGETS', zh: '目标' },
  'history.col.up': { en: 'UP', zh: '在线' },
  'history.col.open': { en: 'OPEN', zh: '开放端口' },
  'history.interrupted': { en: '(interrupted)', zh: '（已中断）' },
  'history.empty': { en: 'No runs saved in {location} yet.', zh: '{location} 中还没有保存任何运行记录。' },
  'history.hint': {
    en: '{count} run(s). Show one again: portwarden show <run>',
    zh: '共 {count} 条运行记录。重新查看某一条：portwarden show <编号>',
  },
  'history.more': {
    en: 'The {count} newest runs; --limit 0 lists them all. Show one again: portwarden show <run>',
    zh: '以上为最新的 {count} 条运行记录；--limit 0 可列出全部。重新查看某一条：portwarden show <编号>',
  },
  'history.pruned': {
    en: 'Deleted {count} run(s) started before {before}.',
    zh: '已删除 {before} 之前开始的 {count} 条运行记录。',
  },
  'cli.opt.db': {
    en: 'history database: a SQLite file or a postgres:// URL (default: $PORTWARDEN_DB, else ~/.local/share/portwarden/history.db)',
    zh: '历史数据库：SQLite 文件或 postgres:// 地址（默认取 $PORTWARDEN_DB，否则为 ~/.local/share/portwarden/history.db）',
  },
  'cli.opt.noSave': { en: 'do not save this run in the history', zh: '不将本次运行保存到历史记录' },
  'cli.history.description': {
    en: 'List saved audits and scans, newest first: when, what, hosts up, open ports and findings by severity',
    zh: '列出已保存的审计和扫描（最新的在前）：时间、对象、在线主机、开放端口及各风险级别的问题数',
  },
  'cli.history.limit': {
    en: 'show at most n runs (default 20; 0 for all)',
    zh: '最多显示 n 条（默认 20；0 表示全部）',
  },
  'cli.history.kind': {
    en: 'only runs of this kind: audit, scan or import',
    zh: '只显示该类型的运行：audit、scan 或 import',
  },
  'cli.history.since': {
    en: 'only runs started since an age (7d) or a date (2026-01-31)',
    zh: '只显示某段时长（如 7d）或某个日期（如 2026-01-31）以来开始的运行',
  },
  'cli.history.prune': {
    en: 'delete runs older than this age (30d, 12w, 1y) instead of listing',
    zh: '删除早于该时长（如 30d、12w、1y）的运行记录，而不是列出',
  },
  'cli.show.description': {
    en: 'Show a saved run again: as text in your language, or its JSON record',
    zh: '重新显示一条已保存的运行记录：以所选语言的文本，或其 JSON 记录',
  },
  'cli.show.run': {
    en: 'the run: its id, the first 4 or more characters of it, or last',
    zh: '运行记录：编号、编号的前 4 个或更多字符，或 last',
  },
  // Policy baselines (portwarden.yml, --policy, init-policy) and diffs between runs (portwarden diff).
  'cli.opt.policy': {
    en: 'hold the results against a policy file (portwarden.yml); exit code 1 on any violation',
    zh: '按策略文件（portwarden.yml）检查结果；有任何违规时以退出码 1 结束',
  },
  'cli.diff.description': {
    en: 'What changed between two runs: hosts, ports opened and closed, services and versions, findings',
    zh: '比较两次运行的变化：主机、新开放与已关闭的端口、服务与版本、发现',
  },
  'cli.diff.a': {
    en: 'the earlier run: a run record, or the output of audit --json or scan --json',
    zh: '较早的一次运行：运行记录，或 audit --json、scan --json 的输出文件',
  },
  'cli.diff.b': { en: 'the later run, in the same forms', zh: '较晚的一次运行，格式同上' },
  'cli.diff.json': {
    en: 'machine-readable JSON output (schema portwarden.diff/1)',
    zh: '输出机器可读的 JSON（结构 portwarden.diff/1）',
  },
  'cli.init.description': {
    en: 'Write a baseline policy (portwarden.yml) from what is open now, for you to edit',
    zh: '根据当前开放的端口生成基线策略文件（portwarden.yml），供您编辑',
  },
  'cli.init.output': { en: 'file to write ("-" for standard output)', zh: '要写入的文件（"-" 表示标准输出）' },
  'cli.init.force': { en: 'overwrite the file if it exists', zh: '文件已存在时覆盖它' },
  'cli.init.from': {
    en: 'start from this run (a run record, audit --json or scan --json output) instead of auditing this machine',
    zh: '基于这次运行（运行记录，或 audit --json、scan --json 的输出）生成，而不是审计本机',
  },
  'policy.error.syntax': {
    en: '{file}, line {line}, column {column}: this is not valid YAML ({detail}).',
    zh: '{file} 第 {line} 行第 {column} 列：这不是有效的 YAML（{detail}）。',
  },
  'policy.error.emptyFile': {
    en: '{file} is empty: a policy needs at least the line "version: 1".',
    zh: '{file} 是空的：策略文件至少需要一行 "version: 1"。',
  },
  'policy.error.notMapping': {
    en: '{file}, line {line}: a policy is a mapping of keys (version, fail-on, groups, hosts, overrides, ignore).',
    zh: '{file} 第 {line} 行：策略文件应是由键（version、fail-on、groups、hosts、overrides、ignore）组成的映射。',
  },
  'policy.error.unknownKey': {
    en: '{file}, line {line}: "{path}" is not a known key; known keys here: {keys}.',
    zh: '{file} 第 {line} 行："{path}" 不是可识别的键；此处可用的键：{keys}。',
  },
  'policy.error.missingKey': {
    en: '{file}, line {line}: "{path}" is missing.',
    zh: '{file} 第 {line} 行：缺少 "{path}"。',
  },
  'policy.error.needsOneOf': {
    en: '{file}, line {line}: {path} needs one of these keys: {keys}.',
    zh: '{file} 第 {line} 行：{path} 需要以下键之一：{keys}。',
  },
  'policy.error.type.string': {
    en: '{file}, line {line}: {path} must be a text.',
    zh: '{file} 第 {line} 行：{path} 必须是文本。',
  },
  'policy.error.type.integer': {
    en: '{file}, line {line}: {path} must be a whole number.',
    zh: '{file} 第 {line} 行：{path} 必须是整数。',
  },
  'policy.error.type.array': {
    en: '{file}, line {line}: {path} must be a list.',
    zh: '{file} 第 {line} 行：{path} 必须是列表。',
  },
  'policy.error.type.object': {
    en: '{file}, line {line}: {path} must be a mapping of keys to values.',
    zh: '{file} 第 {line} 行：{path} 必须是键值映射。',
  },
  'policy.error.type.stringOrArray': {
    en: '{file}, line {line}: {path} must be a text or a list of texts.',
    zh: '{file} 第 {line} 行：{path} 必须是文本或文本列表。',
  },
  'policy.error.type.portSpec': {
    en: '{file}, line {line}: {path} must be a port spec such as 22/tcp, 80,443/tcp or 53/udp.',
    zh: '{file} 第 {line} 行：{path} 必须是端口写法，例如 22/tcp、80,443/tcp 或 53/udp。',
  },
  'policy.error.enum': {
    en: '{file}, line {line}: {path} must be one of {values}, not {value}.',
    zh: '{file} 第 {line} 行：{path} 必须是 {values} 之一，而不是 {value}。',
  },
  'policy.error.empty': {
    en: '{file}, line {line}: {path} must not be empty.',
    zh: '{file} 第 {line} 行：{path} 不能为空。',
  },
  'policy.error.invalid': {
    en: '{file}, line {line}: {path} is not valid ({detail}).',
    zh: '{file} 第 {line} 行：{path} 无效（{detail}）。',
  },
  'policy.error.address': {
    en: '{file}, line {line}: {path} "{value}" is not a valid address or network.',
    zh: '{file} 第 {line} 行：{path} 的值 "{value}" 不是有效的地址或网段。',
  },
  'policy.error.prefix': {
    en: '{file}, line {line}: {path} "{value}" has a prefix length the address cannot have.',
    zh: '{file} 第 {line} 行：{path} 的值 "{value}" 的前缀长度超出该地址的范围。',
  },
  'policy.error.hostName': {
    en: '{file}, line {line}: {path} "{value}" is neither an address, a network nor a host name.',
    zh: '{file} 第 {line} 行：{path} 的值 "{value}" 既不是地址、网段，也不是主机名。',
  },
  'policy.error.port': {
    en: '{file}, line {line}: {path} "{value}" is not a port spec such as 22/tcp, 80,443/tcp or 8000-8100/tcp.',
    zh: '{file} 第 {line} 行：{path} 的值 "{value}" 不是端口写法，例如 22/tcp、80,443/tcp 或 8000-8100/tcp。',
  },
  'policy.error.portRange': {
    en: '{file}, line {line}: {path} "{value}" is a range whose first port is greater than its last.',
    zh: '{file} 第 {line} 行：{path} 的值 "{value}" 是起始端口大于结束端口的范围。',
  },
  'policy.error.transport': {
    en: '{file}, line {line}: {path} "{value}": the protocol after "/" must be tcp, udp or sctp.',
    zh: '{file} 第 {line} 行：{path} 的值 "{value}"："/" 之后的协议必须是 tcp、udp 或 sctp。',
  },
  'policy.error.date': {
    en: '{file}, line {line}: {path} "{value}" is not a date written YYYY-MM-DD.',
    zh: '{file} 第 {line} 行：{path} 的值 "{value}" 不是 YYYY-MM-DD 格式的日期。',
  },
  'policy.error.group': {
    en: '{file}, line {line}: {path} "{value}" is not a group defined under groups.',
    zh: '{file} 第 {line} 行：{path} 的值 "{value}" 不是在 groups 下定义的组。',
  },
  'policy.error.groupName': {
    en: '{file}, line {line}: {path} "{value}" is not a usable group name (letters, digits, "-", "_", ".").',
    zh: '{file} 第 {line} 行：{path} 中的 "{value}" 不能作组名（只能用字母、数字、"-"、"_"、"."）。',
  },
  'policy.text.pass': { en: 'Policy {file}: no violations.', zh: '策略 {file}：没有违规。' },
  'policy.text.fail': {
    en: 'Policy {file}: {count} violation(s), exit code 1.',
    zh: '策略 {file}：{count} 项违规，退出码为 1。',
  },
  'policy.text.stats': {
    en: '{allowed} open port(s) allowed; findings rated {failOn} or above count as violations.',
    zh: '已允许 {allowed} 个开放端口；风险为“{failOn}”及以上的发现计为违规。',
  },
  'policy.text.statsNoFail': {
    en: '{allowed} open port(s) allowed; findings never count as violations (fail-on: none).',
    zh: '已允许 {allowed} 个开放端口；发现不计为违规（fail-on: none）。',
  },
  'policy.text.port': { en: 'open, but no entry of the policy allows it', zh: '处于开放状态，但策略中没有条目允许它' },
  'policy.text.portUnlisted': {
    en: 'open, and the policy has no entry for this host',
    zh: '处于开放状态，且策略中没有此主机的条目',
  },
  'policy.text.on': { en: 'on {address}', zh: '监听于 {address}' },
  'policy.text.held': { en: '{program} (pid {pid}, user {user})', zh: '{program}（pid {pid}，用户 {user}）' },
  'policy.text.expired': {
    en: '{path} (line {line}) expired on {until} and no longer applies; it would cover {count} finding(s).',
    zh: '{path}（第 {line} 行）已于 {until} 过期，不再生效；它原本会覆盖 {count} 项发现。',
  },
  'policy.text.ignored': {
    en: '{path} ignores {count} finding(s) until {until}: {reason}',
    zh: '{path} 忽略 {count} 项发现，有效期至 {until}：{reason}',
  },
  'policy.text.unused': {
    en: '{path} (line {line}) matches no finding in this run.',
    zh: '{path}（第 {line} 行）在本次运行中没有匹配任何发现。',
  },
  'policy.text.overridden': {
    en: '{count} finding(s) rated differently by the overrides.',
    zh: '{count} 项发现的风险级别已按覆盖规则调整。',
  },
  'baseline.header': {
    en: 'portwarden policy, written by "portwarden init-policy" on {date} from the {kind} of: {hosts}.\nEvery port open then is allowed below. Review each entry: write who owns the port and why it is open,\nand delete what should not be open.',
    zh: 'portwarden 策略文件，由 "portwarden init-policy" 于 {date} 根据以下主机的{kind}生成：{hosts}。\n当时开放的每个端口都在下面列为允许。请逐条检查：写明端口的负责人和开放原因，\n删掉不应开放的端口。',
  },
  'baseline.check': {
    en: 'Check against it with: {command}  (exit code 1 on any violation)',
    zh: '用以下命令检查：{command}（有任何违规时退出码为 1）',
  },
  'baseline.failOn': {
    en: 'fail-on: a finding at or above this severity (critical, high, medium, low, info) is a violation,\nunless an entry under "ignore" accepts it; "none": findings are never violations.',
    zh: 'fail-on：风险达到或超过该级别（critical、high、medium、low、info）的发现即为违规，\n除非 "ignore" 下有条目接受它；设为 "none" 则发现永不计为违规。',
  },
  'baseline.groups': {
    en: 'groups: named lists of hosts (addresses, networks such as 203.0.113.0/24, host names),\nto be used as "group:" in the entries below. For example:',
    zh: 'groups：有名称的主机列表（地址、网段如 203.0.113.0/24、主机名），\n可在下面的条目中以 "group:" 引用。例如：',
  },
  'baseline.hosts': {
    en: 'hosts: which ports may be open where. "host" takes addresses, networks, host names or "*" (every host);\n"group" takes group names. Each port needs an owner (who answers for it) and a reason (why it is open).\nPorts: 22/tcp, 80,443/tcp, 53/udp, 8000-8100/tcp. An open port no entry allows is a violation.',
    zh: 'hosts：哪些端口允许在哪些主机上开放。"host" 可写地址、网段、主机名或 "*"（所有主机）；\n"group" 写组名。每个端口需要 owner（负责人）和 reason（开放原因）。\n端口写法：22/tcp、80,443/tcp、53/udp、8000-8100/tcp。没有条目允许的开放端口即为违规。',
  },
  'baseline.overrides': {
    en: 'overrides: change the severity of findings by rule and/or port (optionally host or group);\nthe first entry that matches a finding decides. For example:',
    zh: 'overrides：按规则和/或端口（可再限定 host 或 group）调整发现的风险级别；\n以第一个匹配的条目为准。例如：',
  },
  'baseline.ignore': {
    en: 'ignore: accept a finding (by rule, or by its exact id) until a date, inclusive, in UTC.\nAfter that day the entry stops applying and the report says it expired.',
    zh: 'ignore：在某个日期之前（含当天，按 UTC）接受某项发现（按规则或按其完整 id）。\n过了这一天该条目即失效，报告中会提示它已过期。',
  },
  'baseline.ignoreNow': {
    en: 'Findings now at or above fail-on; accept one only with a reason:',
    zh: '以下发现当前达到 fail-on 级别；只有写明理由时才应接受：',
  },
  'baseline.ignoreExample': { en: 'For example:', zh: '例如：' },
  'baseline.ignoreReason': { en: 'why this risk is accepted, and by whom', zh: '为何接受此风险，由谁决定' },
  'baseline.listening': { en: 'listening on {addresses}', zh: '监听于 {addresses}' },
  'baseline.seenOpen': { en: 'seen open on {date}', zh: '{date} 发现处于开放状态' },
  'baseline.unknownOwner': {
    en: 'unknown program ({service}); run as root to see it',
    zh: '未知程序（{service}）；以 root 运行可看到它',
  },
  'baseline.nothingOpen': { en: 'nothing was open', zh: '当时没有开放的端口' },
  'init.error.exists': {
    en: '{path} exists already: give --force to overwrite it, or -o to write elsewhere.',
    zh: '{path} 已存在：加上 --force 覆盖它，或用 -o 写到别处。',
  },
  'init.error.write': {
    en: '{path} cannot be written: the folder does not exist, or you lack permission.',
    zh: '无法写入 {path}：目录不存在，或您没有写入权限。',
  },
  'init.written': {
    en: 'Wrote {file}: {ports} open port(s) on {hosts} host(s). Edit owners and reasons, then run it with --policy.',
    zh: '已写入 {file}：{hosts} 台主机上的 {ports} 个开放端口。请编辑负责人和原因，然后用 --policy 运行。',
  },
  'run.error.notFound': {
    en: '"{ref}" is neither a file nor a known run.',
    zh: '"{ref}" 既不是文件，也不是已知的运行。',
  },
  'run.error.empty': { en: '{source} is empty: it holds no run.', zh: '{source} 是空的：其中没有运行记录。' },
  'run.error.notJson': {
    en: '{source} is not JSON: give a run record or the output of audit --json or scan --json.',
    zh: '{source} 不是 JSON：请给出运行记录，或 audit --json、scan --json 的输出。',
  },
  'run.error.schema': {
    en: '{source} is not a portwarden run (portwarden.run/1, portwarden.audit/1 or portwarden.scan/1).',
    zh: '{source} 不是 portwarden 的运行（portwarden.run/1、portwarden.audit/1 或 portwarden.scan/1）。',
  },
  'run.error.shape': {
    en: '{source} says it is a portwarden run, but its content is damaged or incomplete.',
    zh: '{source} 声称是 portwarden 的运行，但其内容已损坏或不完整。',
  },
  'diff.kind.audit': { en: 'audit', zh: '审计' },
  'diff.kind.scan': { en: 'scan', zh: '扫描' },
  'diff.kind.import': { en: 'import', zh: '导入' },
  'diff.text.run': { en: '{kind} of {when} ({id})', zh: '{when} 的{kind}（{id}）' },
  'diff.text.title': { en: 'Changes from the {a} to the {b}', zh: '从 {a} 到 {b} 的变化' },
  'diff.warn.kind-differs': {
    en: 'The runs are of different kinds, so ports and findings may differ for that reason alone.',
    zh: '两次运行的类型不同，端口和发现可能仅因此而不同。',
  },
  'diff.warn.parameters-differ': {
    en: 'The runs were asked different things (targets, ports or options): what one did not look at shows as a change.',
    zh: '两次运行的参数不同（目标、端口或选项）：其中一次未检查的内容也会显示为变化。',
  },
  'diff.warn.a-interrupted': {
    en: 'The first run was interrupted: what it did not reach shows as a change.',
    zh: '第一次运行被中断：它未检查到的内容会显示为变化。',
  },
  'diff.warn.b-interrupted': {
    en: 'The second run was interrupted: what it did not reach shows as a change.',
    zh: '第二次运行被中断：它未检查到的内容会显示为变化。',
  },
  'diff.text.same': { en: 'No changes.', zh: '没有变化。' },
  'diff.text.host': { en: 'Host {host}', zh: '主机 {host}' },
  'diff.text.hostNew': { en: 'host not in the first run', zh: '第一次运行中没有此主机' },
  'diff.text.hostGone': {
    en: 'host not in the second run (its ports were not looked at)',
    zh: '第二次运行中没有此主机（未检查其端口）',
  },
  'diff.text.hostState': { en: 'host {from} → {to}', zh: '主机状态 {from} → {to}' },
  'diff.text.opened': { en: 'opened', zh: '新开放' },
  'diff.text.closed': { en: 'closed', zh: '已关闭' },
  'diff.text.holder': { en: 'held by {from} → {to}', zh: '占用进程 {from} → {to}' },
  'diff.text.newFinding': { en: 'new', zh: '新增' },
  'diff.text.resolved': { en: 'resolved', zh: '已解决' },
  'diff.text.severityChanged': { en: 'severity', zh: '风险级别' },
  'diff.text.unverified': { en: 'not rechecked', zh: '未复查' },
  'diff.text.summary': {
    en: 'Ports: {opened} opened, {closed} closed, {changed} changed state. Services: {services} changed. Findings: {new} new, {resolved} resolved, {severity} changed severity.',
    zh: '端口：新开放 {opened} 个，关闭 {closed} 个，状态变化 {changed} 个。服务：变化 {services} 个。发现：新增 {new} 项，已解决 {resolved} 项，风险级别变化 {severity} 项。',
  },
  // fix: remediation plans, applying with rollback, the SSH guard, verification (src/remediate, src/cli/fix-command.ts).
  'cli.fix.description': {
    en: 'plan how to close or restrict risky ports (firewall, service, configuration); --apply to carry it out',
    zh: '给出关闭或限制危险端口的方案（防火墙、服务、配置）；加 --apply 即执行',
  },
  'cli.fix.from': {
    en: 'plan from a saved run (portwarden.run/1 JSON) instead of auditing this machine',
    zh: '根据保存的运行记录（portwarden.run/1 JSON）制定方案，而不是审计本机',
  },
  'cli.fix.platform': {
    en: 'commands for nftables, iptables, ufw, firewalld, windows or pf (default: detected)',
    zh: '按 nftables、iptables、ufw、firewalld、windows 或 pf 生成命令（默认自动检测）',
  },
  'cli.fix.allowFrom': {
    en: 'keep the port reachable from this source range (CIDR; repeatable)',
    zh: '仍允许该来源网段访问端口（CIDR，可重复）',
  },
  'cli.fix.severity': {
    en: 'act on findings at or above this severity (default medium); lower ones are kept',
    zh: '只处理达到该严重程度的发现（默认 medium），更低的保留',
  },
  'cli.fix.apply': {
    en: 'add the firewall rules on this machine (Linux, root, nftables or iptables) and verify them',
    zh: '在本机添加防火墙规则（Linux、root、nftables 或 iptables）并验证',
  },
  'cli.fix.rollback': { en: 'remove every firewall rule portwarden added', zh: '删除 portwarden 添加的全部防火墙规则' },
  'cli.fix.yes': { en: 'do not ask for confirmation', zh: '不再询问确认' },
  'error.fix.badPlatform': {
    en: 'Unknown platform "{value}": use one of {known}.',
    zh: '未知平台 "{value}"：请使用 {known} 之一。',
  },
  'error.fix.badCidr': {
    en: '"{value}" is not an IPv4 or IPv6 address or network (e.g. 10.0.0.0/8).',
    zh: '"{value}" 不是 IPv4 或 IPv6 地址或网段（例如 10.0.0.0/8）。',
  },
  'error.fix.applyAndRollback': {
    en: '--apply and --rollback cannot be used together.',
    zh: '--apply 和 --rollback 不能同时使用。',
  },
  'error.fix.rollbackAlone': {
    en: "--rollback removes all of portwarden's rules; it takes no --from or --allow-from.",
    zh: '--rollback 会删除 portwarden 的全部规则，不接受 --from 或 --allow-from。',
  },
  'error.fix.confirm': {
    en: 'Changing the firewall needs confirmation: run it at a terminal, or add --yes.',
    zh: '修改防火墙需要确认：请在终端中运行，或加上 --yes。',
  },
  'error.fix.applyLinux': {
    en: '--apply and --rollback work on Linux only (this is {platform}); run the printed commands instead.',
    zh: '--apply 和 --rollback 仅支持 Linux（当前为 {platform}）；请改为手动执行打印出的命令。',
  },
  'error.fix.applyRoot': {
    en: '--apply and --rollback change the firewall and need root: run them with sudo.',
    zh: '--apply 和 --rollback 会修改防火墙，需要 root 权限：请用 sudo 运行。',
  },
  'error.fix.applyPlatform': {
    en: '--apply and --rollback support nftables and iptables, not {platform}; run the printed commands instead.',
    zh: '--apply 和 --rollback 只支持 nftables 和 iptables，不支持 {platform}；请手动执行打印出的命令。',
  },
  'error.fix.applyOtherHost': {
    en: 'This run is not an audit of this machine (host {host}): its plan can be printed, not applied here.',
    zh: '该运行记录不是对本机的审计（主机 {host}）：只能打印方案，不能在本机执行。',
  },
  'error.fix.noFile': {
    en: 'Cannot read the run file {file} ({message}).',
    zh: '无法读取运行记录文件 {file}（{message}）。',
  },
  'error.fix.notJson': { en: 'The run file {file} is not JSON.', zh: '运行记录文件 {file} 不是 JSON。' },
  'error.fix.notRun': {
    en: 'The file {file} is not a run record (schema {schema}); audit --json and scan --json output are not run records.',
    zh: '文件 {file} 不是运行记录（结构 {schema}）；audit --json 和 scan --json 的输出不是运行记录。',
  },
  'fix.text.title': {
    en: 'Remediation plan for run {run} ({kind}) — firewall: {platform}, acting on {threshold} and above',
    zh: '运行 {run}（{kind}）的修复方案 — 防火墙：{platform}，处理“{threshold}”及以上级别的问题',
  },
  'fix.text.nothing': {
    en: 'Nothing to do: no finding at or above the threshold asks to close, restrict or harden a port.',
    zh: '无需处理：没有达到阈值且需要关闭、限制或加固端口的发现。',
  },
  'fix.text.setup': {
    en: "First, portwarden's own firewall table (once; skipped when it exists):",
    zh: '首先创建 portwarden 专用的防火墙表（只需一次；已存在则跳过）：',
  },
  'fix.text.why': { en: 'Why:', zh: '原因：' },
  'fix.text.evidence': { en: 'Seen:', zh: '观察到：' },
  'fix.text.inFile': { en: 'In {path}, have these lines:', zh: '在 {path} 中写入以下各行：' },
  'fix.text.then': { en: 'then:', zh: '然后：' },
  'fix.text.refused': { en: 'REFUSED:', zh: '已拒绝：' },
  'fix.text.finish': { en: 'Finally (once, after all rules):', zh: '最后（所有规则之后执行一次）：' },
  'fix.text.keep': { en: 'Keep ({count}):', zh: '保留（{count} 个）：' },
  'fix.text.undo': {
    en: "To undo portwarden's firewall rules (or: portwarden fix --rollback):",
    zh: '撤销 portwarden 添加的防火墙规则（或运行 portwarden fix --rollback）：',
  },
  'fix.text.applyHint': {
    en: 'To add these firewall rules and verify them: sudo portwarden fix --apply (asks before changing anything).',
    zh: '要添加这些防火墙规则并验证：sudo portwarden fix --apply（修改前会询问）。',
  },
  'fix.text.history': { en: 'Recorded in {path}.', zh: '已记录到 {path}。' },
  'fix.reason.belowThreshold': { en: 'below the {threshold} threshold: kept', zh: '低于阈值 {threshold}：保留' },
  'fix.firewall.block': {
    en: 'Drop new connections to {port} from the network (loopback keeps working):',
    zh: '丢弃来自网络的到 {port} 的新连接（本机回环访问不受影响）：',
  },
  'fix.firewall.allowOnly': {
    en: 'Drop new connections to {port} from everywhere except {sources} (loopback keeps working):',
    zh: '除 {sources} 外，丢弃来自任何地方的到 {port} 的新连接（本机回环访问不受影响）：',
  },
  'fix.firewall.alternatives': {
    en: '{text} (cmd.exe, or the same rule in PowerShell)',
    zh: '{text}（在 cmd.exe 中执行，或在 PowerShell 中执行同一条规则）',
  },
  'fix.guard.refused': {
    en: 'this rule would drop {port} from {client}, the SSH session this runs in (to {server}); add --allow-from with a range that contains {client}.',
    zh: '此规则会切断来自 {client} 到 {port} 的连接，也就是当前运行所在的 SSH 会话（连向 {server}）；请用 --allow-from 加上包含 {client} 的网段。',
  },
  'fix.note.allowFrom': {
    en: 'To keep {port} open to trusted networks, run again with --allow-from <CIDR>.',
    zh: '如需让可信网络继续访问 {port}，请加上 --allow-from <CIDR> 重新运行。',
  },
  'fix.service.systemd': {
    en: 'Stop and disable {unit}, and mask it so that nothing starts it again:',
    zh: '停止并禁用 {unit}，再屏蔽（mask）它，防止被再次启动：',
  },
  'fix.service.systemdUser': {
    en: 'Stop and disable the user unit {unit} (as the user who runs it):',
    zh: '停止并禁用用户单元 {unit}（以运行它的用户身份执行）：',
  },
  'fix.service.socket': {
    en: 'The port is socket-activated by {unit}: disable the socket, stop what it started, and mask it:',
    zh: '该端口由 {unit} 按需激活（socket activation）：禁用该套接字单元，停止它启动的服务，再屏蔽它：',
  },
  'fix.service.inetd': {
    en: '{daemon} starts {service}: comment out the "{service}" line of inetd.conf, then restart {daemon}:',
    zh: '{service} 由 {daemon} 启动：注释掉 inetd.conf 中 "{service}" 这一行，然后重启 {daemon}：',
  },
  'fix.service.xinetd': {
    en: 'xinetd starts {service}: disable it in its xinetd file, then reload xinetd:',
    zh: '{service} 由 xinetd 启动：在其 xinetd 配置文件中禁用，然后重新加载 xinetd：',
  },
  'fix.service.container': {
    en: 'The port belongs to {runtime} container {id}: stop it, and remove the published port from its definition (-p, ports:):',
    zh: '该端口属于 {runtime} 容器 {id}：停止容器，并从其定义中删除端口映射（-p 或 ports:）：',
  },
  'fix.service.process': {
    en: 'No service unit owns it: stop process {pid} ({name}) and remove it from whatever starts it; its command line: {command}',
    zh: '没有服务单元管理它：结束进程 {pid}（{name}），并从启动它的地方移除；其命令行：{command}',
  },
  'fix.service.usual': {
    en: 'On {host}, stop and disable the service behind the port; on Debian its unit is usually {units}:',
    zh: '在 {host} 上停止并禁用该端口背后的服务；在 Debian 上其单元通常是 {units}：',
  },
  'fix.service.unknown': {
    en: 'On {host}, find the program that listens (ss -ltnup, or netstat -ano on Windows) and stop it, or uninstall it.',
    zh: '在 {host} 上找出正在监听的程序（ss -ltnup，Windows 上用 netstat -ano），将其停止或卸载。',
  },
  'fix.win.service': {
    en: 'Stop the Windows service {services} and set it to Disabled:',
    zh: '停止 Windows 服务 {services}，并将启动类型设为“禁用”：',
  },
  'fix.win.netbios': {
    en: 'Disable NetBIOS over TCP/IP on every adapter (the same as Adapter > IPv4 > Advanced > WINS):',
    zh: '在每个网卡上禁用 TCP/IP 上的 NetBIOS（等同于 网卡 > IPv4 > 高级 > WINS 中的设置）：',
  },
  'fix.win.rdp': { en: 'Turn Remote Desktop off:', zh: '关闭远程桌面：' },
  'fix.win.winrm': {
    en: 'Turn PowerShell remoting off and disable the {services} service:',
    zh: '关闭 PowerShell 远程管理，并禁用 {services} 服务：',
  },
  'fix.win.smb': {
    en: 'Stop file and printer sharing ({services}) if this machine shares nothing; otherwise keep it and rely on the firewall rule:',
    zh: '如果本机不共享任何文件和打印机，停止文件和打印机共享服务（{services}）；否则保留它，依靠防火墙规则：',
  },
  'fix.win.rpc': {
    en: 'The RPC endpoint mapper (RpcSs) cannot be turned off without breaking Windows: the firewall rule is the fix.',
    zh: 'RPC 端点映射服务（RpcSs）无法关闭，否则 Windows 会出问题：防火墙规则就是修复办法。',
  },
  'fix.win.process': {
    en: 'Stop process {pid} ({name}) and remove it from whatever starts it:',
    zh: '结束进程 {pid}（{name}），并从启动它的地方移除：',
  },
  'fix.recipe.ftpAnon': { en: 'vsftpd: turn anonymous login off.', zh: 'vsftpd：关闭匿名登录。' },
  'fix.recipe.ftpTls': {
    en: 'vsftpd: require TLS for logins and data (a certificate must be configured).',
    zh: 'vsftpd：登录和数据传输都强制使用 TLS（需已配置证书）。',
  },
  'fix.recipe.smtpRelay': {
    en: 'Postfix: relay only for this machine and authenticated users (mynetworks, smtpd_relay_restrictions).',
    zh: 'Postfix：只为本机和已认证用户转发邮件（mynetworks、smtpd_relay_restrictions）。',
  },
  'fix.recipe.smtpVrfy': { en: 'Postfix: turn the VRFY command off.', zh: 'Postfix：关闭 VRFY 命令。' },
  'fix.recipe.smtpTlsAuth': {
    en: 'Postfix: offer AUTH only after STARTTLS.',
    zh: 'Postfix：只在 STARTTLS 之后提供 AUTH。',
  },
  'fix.recipe.bindRecursion': {
    en: 'BIND: answer recursive queries only for this machine and its own networks (inside options { }).',
    zh: 'BIND：只为本机及本地网络提供递归查询（写在 options { } 中）。',
  },
  'fix.recipe.dnsmasq': {
    en: 'dnsmasq: answer only hosts on directly attached networks (the same as --local-service).',
    zh: 'dnsmasq：只应答直连网络上的主机（等同于 --local-service）。',
  },
  'fix.recipe.dnsAxfr': {
    en: 'BIND: refuse zone transfers (allow them per zone to the secondary servers only).',
    zh: 'BIND：拒绝区域传送（仅在各区域中对辅助服务器放行）。',
  },
  'fix.recipe.redis': {
    en: 'Redis: listen on loopback only with protected mode on; if clients elsewhere need it, set requirepass or ACL users.',
    zh: 'Redis：只监听回环地址并开启保护模式；若其他主机需要访问，请设置 requirepass 或 ACL 用户。',
  },
  'fix.recipe.memcached': {
    en: 'memcached: listen on loopback only and turn UDP off (UDP is used for amplification attacks).',
    zh: 'memcached：只监听回环地址并关闭 UDP（UDP 常被用于放大攻击）。',
  },
  'fix.recipe.mongodb': {
    en: 'MongoDB: listen on loopback only and require authentication (create an admin user first).',
    zh: 'MongoDB：只监听回环地址并强制认证（先创建管理员用户）。',
  },
  'fix.recipe.elasticsearch': {
    en: 'Elasticsearch: listen on loopback only and turn security (authentication) on.',
    zh: 'Elasticsearch：只监听回环地址并开启安全功能（认证）。',
  },
  'fix.recipe.docker': {
    en: "Docker: serve the API on the local socket only (remove every tcp:// host, also from the unit's -H options); for remote use, TLS on 2376 with --tlsverify.",
    zh: 'Docker：只通过本地套接字提供 API（删除所有 tcp:// 地址，包括服务单元里的 -H 参数）；如需远程访问，在 2376 端口使用 TLS 并加 --tlsverify。',
  },
  'fix.recipe.smbNull': {
    en: 'Refuse anonymous (null-session) access to shares and user lists.',
    zh: '拒绝匿名（空会话）访问共享和用户列表。',
  },
  'fix.recipe.smbSigning': { en: 'Require SMB signing.', zh: '强制 SMB 签名。' },
  'fix.recipe.smb1': {
    en: 'Turn SMB1 off (the protocol of MS17-010/EternalBlue), and install the security updates.',
    zh: '关闭 SMB1（MS17-010/永恒之蓝所利用的协议），并安装安全更新。',
  },
  'fix.recipe.dovecot': {
    en: 'Dovecot: refuse password logins outside TLS.',
    zh: 'Dovecot：拒绝在 TLS 之外用口令登录。',
  },
  'fix.recipe.nfsExports': {
    en: 'NFS: export each directory only to the client hosts or networks that need it (no "*"), then re-export.',
    zh: 'NFS：每个目录只导出给需要它的客户端主机或网段（不要用 "*"），然后重新导出。',
  },
  'fix.recipe.sshAlgorithms': {
    en: 'OpenSSH: offer only current key exchanges, ciphers and MACs; test the configuration before reloading.',
    zh: 'OpenSSH：只提供当前安全的密钥交换、加密和 MAC 算法；重新加载前先检查配置。',
  },
  'fix.recipe.vnc': {
    en: 'VNC: set a password, listen on loopback only and reach it through an SSH tunnel.',
    zh: 'VNC：设置口令，只监听回环地址，通过 SSH 隧道访问。',
  },
  'fix.recipe.httpTrace': { en: 'Apache: turn the TRACE method off.', zh: 'Apache：关闭 TRACE 方法。' },
  'fix.recipe.tlsVersions': {
    en: 'Offer only TLS 1.2 and 1.3 (nginx shown; the same setting exists in every server).',
    zh: '只提供 TLS 1.2 和 1.3（以 nginx 为例；各服务器都有相同的设置）。',
  },
  'fix.recipe.rpcbind': {
    en: 'rpcbind answers large UDP replies to anyone: the firewall rule (or stopping rpcbind when no NFS is used) is the fix.',
    zh: 'rpcbind 会向任何人返回很大的 UDP 应答：防火墙规则（或在不用 NFS 时停止 rpcbind）就是修复办法。',
  },
  'fix.recipe.rdpNla': {
    en: 'Remote Desktop: require Network Level Authentication.',
    zh: '远程桌面：强制网络级别身份验证（NLA）。',
  },
  'fix.recipe.snmp': {
    en: 'snmpd: delete every rocommunity, rwcommunity and com2sec line for the community {community}, and use an SNMPv3 user instead:',
    zh: 'snmpd：删除团体名 {community} 的所有 rocommunity、rwcommunity 和 com2sec 行，改用 SNMPv3 用户：',
  },
  'fix.recipe.snmpWindows': {
    en: 'Windows SNMP service: remove the community {community} from the accepted communities:',
    zh: 'Windows SNMP 服务：从接受的团体名中删除 {community}：',
  },
  'fix.recipe.snmpUnsafe': {
    en: "The SNMP community {community} contains control characters: remove it by hand from the agent's configuration.",
    zh: 'SNMP 团体名 {community} 含有控制字符：请手动从代理配置中删除它。',
  },
  'fix.confirm.apply': {
    en: 'Add {count} firewall rule(s) with {platform}? [y/N]',
    zh: '使用 {platform} 添加 {count} 条防火墙规则吗？[y/N]',
  },
  'fix.confirm.rollback': {
    en: "Remove all of portwarden's {platform} rules? [y/N]",
    zh: '删除 portwarden 添加的全部 {platform} 规则吗？[y/N]',
  },
  'fix.apply.cancelled': { en: 'Nothing was changed.', zh: '未做任何修改。' },
  'fix.apply.nothing': { en: 'No firewall rule to add.', zh: '没有需要添加的防火墙规则。' },
  'fix.apply.failed': {
    en: 'A command failed ({message}); everything applied before it was undone.',
    zh: '有命令执行失败（{message}）；之前已执行的改动均已撤销。',
  },
  'fix.apply.undoFailed': {
    en: 'Could not undo: {command} ({message}). Check the firewall by hand.',
    zh: '无法撤销：{command}（{message}）。请手动检查防火墙。',
  },
  'fix.verify.closed': {
    en: '{port}: closed, verified (ruleset read back: new connections from the network are dropped)',
    zh: '{port}：已关闭，已验证（回读规则集：来自网络的新连接均被丢弃）',
  },
  'fix.verify.restricted': {
    en: '{port}: restricted, verified (ruleset read back: only the allowed sources get through)',
    zh: '{port}：已限制，已验证（回读规则集：只有允许的来源能够访问）',
  },
  'fix.verify.open': { en: '{port}: still open — {by}', zh: '{port}：仍然开放 — {by}' },
  'fix.rollback.verified': {
    en: "portwarden's firewall rules are gone (verified).",
    zh: 'portwarden 添加的防火墙规则已全部删除（已验证）。',
  },
  'fix.rollback.remaining': {
    en: "Some of portwarden's firewall rules are still there: {what}",
    zh: 'portwarden 的部分防火墙规则仍然存在：{what}',
  },
  // Reports of diff and fix (--format csv|md|html|jsonl, -o), and the fix commands in the run's HTML report.
  'cli.diff.format': {
    en: 'output format: text, json, jsonl (one line per change), csv, md or html',
    zh: '输出格式：text、json、jsonl（每项变化一行）、csv、md 或 html',
  },
  'cli.fix.format': {
    en: 'output format of the plan: text, json, jsonl (one line per port), csv (one row per step), md or html',
    zh: '修复方案的输出格式：text、json、jsonl（每个端口一行）、csv（每个步骤一行）、md 或 html',
  },
  'error.diff.xml': {
    en: 'A diff has no nmap XML form: export each run with scan --format xml and compare the two files with ndiff.',
    zh: '差异结果没有 nmap XML 形式：请用 scan --format xml 分别导出两次运行，再用 ndiff 比较这两个文件。',
  },
  'error.fix.xml': {
    en: 'A fix plan has no nmap XML form: use text, json, jsonl, csv, md or html.',
    zh: '修复方案没有 nmap XML 形式：请使用 text、json、jsonl、csv、md 或 html。',
  },
  'error.fix.applyFormat': {
    en: '--apply and --rollback print what they did as text or json on standard output: give no other --format and no -o.',
    zh: '--apply 和 --rollback 以 text 或 json 形式在标准输出上报告所做的操作：请勿指定其他 --format，也不要使用 -o。',
  },
  'diff.report.title': { en: 'portwarden: changes between two runs', zh: 'portwarden：两次运行之间的变化' },
  'diff.col.change': { en: 'Change', zh: '变化' },
  'diff.col.what': { en: 'What', zh: '对象' },
  'diff.col.before': { en: 'Before', zh: '之前' },
  'diff.col.after': { en: 'After', zh: '之后' },
  'diff.what.state': { en: 'state', zh: '状态' },
  'diff.what.service': { en: 'service', zh: '服务' },
  'diff.what.process': { en: 'process', zh: '进程' },
  'diff.change.host-appeared': { en: 'host new', zh: '新主机' },
  'diff.change.host-disappeared': { en: 'host missing', zh: '主机缺失' },
  'diff.change.host-state': { en: 'host state', zh: '主机状态' },
  'diff.change.port-opened': { en: 'opened', zh: '新开放' },
  'diff.change.port-closed': { en: 'closed', zh: '已关闭' },
  'diff.change.port-state': { en: 'port state', zh: '端口状态' },
  'diff.change.service-changed': { en: 'service changed', zh: '服务变化' },
  'diff.change.process-changed': { en: 'holder changed', zh: '占用进程变化' },
  'diff.change.finding-new': { en: 'new finding', zh: '新增问题' },
  'diff.change.finding-resolved': { en: 'resolved', zh: '已解决' },
  'diff.change.finding-severity': { en: 'risk changed', zh: '风险级别变化' },
  'diff.change.finding-unverified': { en: 'not rechecked', zh: '未复查' },
  'fix.report.title': { en: 'portwarden remediation plan', zh: 'portwarden 修复方案' },
  'fix.report.allowFrom': { en: 'Sources still allowed: {sources}', zh: '仍然允许的来源：{sources}' },
  'fix.col.decision': { en: 'Decision', zh: '决定' },
  'fix.col.platform': { en: 'Platform', zh: '平台' },
  'fix.col.kind': { en: 'Kind', zh: '类别' },
  'fix.col.step': { en: 'Step', zh: '步骤' },
  'fix.col.file': { en: 'File', zh: '文件' },
  'fix.col.command': { en: 'Command', zh: '命令' },
  'fix.col.refused': { en: 'Refused', zh: '已拒绝' },
  'fix.col.reason': { en: 'Why', zh: '原因' },
  'fix.kind.firewall': { en: 'firewall', zh: '防火墙' },
  'fix.kind.service': { en: 'service', zh: '服务' },
  'fix.kind.config': { en: 'configuration', zh: '配置' },
  'fix.kind.note': { en: 'note', zh: '说明' },
  'report.fix.title': { en: 'How to fix it', zh: '修复方法' },
  'report.fix.commands': { en: 'Commands to fix this port ({platform}):', zh: '修复此端口的命令（{platform}）：' },
  'report.fix.seeFirst': {
    en: 'The commands for {port} are under its first finding.',
    zh: '{port} 的修复命令列在它的第一个问题下。',
  },
  'report.fix.thisMachine': {
    en: "The commands are for this machine's firewall ({platform}) and init system, as portwarden fix would print them (acting on medium risk and above).",
    zh: '以下命令针对本机的防火墙（{platform}）和服务管理器，与 portwarden fix 的输出相同（处理“中”及以上风险）。',
  },
  'report.fix.scannedHost': {
    en: 'The commands are for a Linux host with {platform} and systemd, to run on each scanned host (acting on medium risk and above); other firewalls: portwarden fix --from RUN.json --platform iptables|ufw|firewalld|windows|pf, with RUN.json this run saved with --format json.',
    zh: '以下命令适用于使用 {platform} 和 systemd 的 Linux 主机，需在每台被扫描的主机上执行（处理“中”及以上风险）；其他防火墙请运行 portwarden fix --from RUN.json --platform iptables|ufw|firewalld|windows|pf，其中 RUN.json 是用 --format json 保存的本次运行。',
  },
  'report.fix.perFinding': {
    en: 'Then, for each port, the commands under its finding below.',
    zh: '然后，按下方各问题下列出的命令逐个处理端口。',
  },
  'report.fix.otherPlatform': {
    en: 'Review each command before running it; portwarden fix --apply adds and verifies the firewall rules for you (nftables, iptables).',
    zh: '运行每条命令之前请先检查；portwarden fix --apply 可以替您添加并验证防火墙规则（nftables、iptables）。',
  },
  'report.fix.stepsSource': {
    en: "The numbered steps come from portwarden's knowledge base for each port; the commands come from portwarden's fix plan.",
    zh: '编号步骤来自 portwarden 知识库中各端口的建议；命令来自 portwarden 的修复方案。',
  },
  'report.fix.none': {
    en: "The steps come from portwarden's knowledge base for each port; run portwarden fix for the firewall and service commands.",
    zh: '以上步骤来自 portwarden 知识库中各端口的建议；防火墙与服务命令请运行 portwarden fix 获取。',
  },
  'help.Usage:': { en: 'Usage:', zh: '用法：' },
  'help.Options:': { en: 'Options:', zh: '选项：' },
  'help.Commands:': { en: 'Commands:', zh: '命令：' },
  'help.Arguments:': { en: 'Arguments:', zh: '参数：' },
  'help.Global Options:': { en: 'Global Options:', zh: '全局选项：' },
} as const satisfies Record<string, Readonly<Record<Lang, string>>>;

export type MessageKey = keyof typeof CATALOGUE;

/** True when `key` names a message of the catalogue. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(CATALOGUE, key);
}

/**
 * The message `key` in `lang`, with `{param}` placeholders filled.
 * @example t('zh', 'severity.high') // '高'
 */
export function t(lang: Lang, key: MessageKey, params: Params = {}): string {
  const parts = compiled(lang, key);
  if (parts.length === 1) return parts[0] as string;
  // Even indexes are literal text, odd ones parameter names (an audit renders thousands of messages).
  let out = parts[0] as string;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i] as string;
    out += (Object.hasOwn(params, name) ? String(params[name]) : `{${name}}`) + (parts[i + 1] as string);
  }
  return out;
}

const templates = new Map<string, readonly string[]>();

function compiled(lang: Lang, key: MessageKey): readonly string[] {
  const id = `${lang}\u0000${key}`;
  let parts = templates.get(id);
  if (parts === undefined) {
    parts = CATALOGUE[key][lang].split(/\{(\w+)\}/);
    templates.set(id, parts);
  }
  return parts;
}

/**
 * The message in every language at once (for findings, which carry both); a parameter may itself be a Text.
 * @example texts('audit.exposure.lan', { port: '21/tcp', service: { en: 'ftp', zh: 'ftp' } }).zh
 */
export function texts(key: MessageKey, params: Readonly<Record<string, string | number | Text>> = {}): Text {
  const out = {} as Record<Lang, string>;
  for (const lang of LANGS) {
    const own: Record<string, string | number> = {};
    for (const name in params) {
      const v = params[name] as string | number | Text;
      own[name] = typeof v === 'object' ? v[lang] : v;
    }
    out[lang] = t(lang, key, own);
  }
  return out;
}

/** Every key, for tests that check both languages are present. */
export function catalogueKeys(): MessageKey[] {
  return Object.keys(CATALOGUE) as MessageKey[];
}
