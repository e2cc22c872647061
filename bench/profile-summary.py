#!/usr/bin/env python3
# Summarises an async-profiler collapsed profile written by profile-server.sh (thread names first):
# the event-loop thread's self time by category (kernel per syscall, Java per package) and a few
# inclusive figures (readiness work of epoll and io_uring, softirq, UepollIoHandler.run).
#   bench/profile-summary.py bench-results/profiles/epoll-c64.collapsed ...
import sys, re, collections
def classify(path):
    tot = 0; cat = collections.Counter(); incl = collections.Counter()
    for line in open(path):
        if not line.startswith('[http-'): continue
        stack, n = line.rstrip().rsplit(' ', 1); n = int(n)
        frames = stack.split(';')[1:]
        tot += n
        leaf = frames[-1]
        sysc = None
        for fr in frames:
            m = re.match(r'(?:__x64_sys|__do_sys|__sys)_([a-z0-9_]+?)_?\[k\]$', fr)
            if m: sysc = m.group(1); break
        for key, pat in [('io_uring task work (poll -> CQE)', r'io_poll_task_func|tctx_task_work|io_handle_tw_list|io_req_task_work'),
                         ('epoll ep_send_events/ep_poll_callback', r'ep_send_events|ep_poll_callback|ep_item_poll'),
                         ('softirq / loopback receive', r'do_softirq|net_rx_action|__netif_receive_skb'),
                         ('schedule (sleep/ctx switch)', r'^schedule_\[k\]|__schedule'),
                         ('uepoll ring Java (io/uepoll/channel/internal)', r'^io/uepoll/channel/internal/'),
                         ('UepollIoHandler.run', r'^io/uepoll/channel/UepollIoHandler\.run'),
                         ('EpollIoHandler.run', r'^io/netty/channel/epoll/EpollIoHandler\.run')]:
            if any(re.search(pat, fr) for fr in frames): incl[key] += n
        if leaf.endswith('_[k]'):
            cat['kernel: ' + (sysc or 'no syscall (irq/exit work)')] += n
        else:
            for pre, name in [('io/netty/handler/codec', 'java: netty HTTP codec'), ('io/netty/channel/epoll', 'java: netty epoll transport'),
                              ('io/uepoll/channel', 'java: uepoll transport'), ('io/netty/buffer', 'java: netty buffers'),
                              ('io/netty/util', 'java: netty util'), ('io/netty/channel', 'java: netty channel core'),
                              ('io/uepoll/microbench', 'java: handler'), ('java/', 'java: JDK'), ('jdk/', 'java: JDK')]:
                if leaf.startswith(pre): cat[name] += n; break
            else:
                cat['jvm/native: ' + ('libc/JNI' if ('libc' in leaf or leaf.startswith('Java_') or 'netty_' in leaf or 'uepoll_' in leaf) else 'other')] += n
    print(f'{path}: {tot} loop-thread samples')
    print('  self time by category:')
    for k, v in cat.most_common(): print(f'    {100*v/tot:5.1f}%  {k}')
    print('  inclusive:')
    for k, v in incl.most_common(): print(f'    {100*v/tot:5.1f}%  {k}')
for p in sys.argv[1:]: classify(p)
