# Per-class figures from a trx file, and its classes replayed four at a time (xunit.runner.json) in the run's own
# order, in random orders (xunit's hash order) and longest first. Usage: python3 suite-time-replay.py FILE.trx [N]
import sys, random, heapq, xml.etree.ElementTree as ET
from datetime import datetime
from collections import defaultdict
ns={"t":"http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
def ts(s):
    # trx times carry 7 fractional digits, which fromisoformat does not read: keep 6.
    return datetime.fromisoformat(s[:26] + s[27:] if len(s) > 32 else s)
r=ET.parse(sys.argv[1]).getroot()
defs={u.get('id'):u.find('t:TestMethod',ns).get('className') for u in r.iter('{%s}UnitTest'%ns['t'])}
dur=defaultdict(float); first={}; last={}; n=defaultdict(int)
for x in r.iter('{%s}UnitTestResult'%ns['t']):
    c=defs[x.get('testId')]; h,m,s=x.get('duration').split(':'); d=int(h)*3600+int(m)*60+float(s)
    dur[c]+=d; n[c]+=1
    st=ts(x.get('startTime')); en=ts(x.get('endTime'))
    first[c]=min(first.get(c,st),st); last[c]=max(last.get(c,en),en)
t0=min(first.values()); t1=max(last.values())
serial=[c for c in dur if c.endswith('UploadBombTests') or c.endswith('GeneratedClientTests')]
par=[c for c in dur if c not in serial]
print(f"classes {len(dur)}, tests {sum(n.values())}, sum of durations {sum(dur.values()):.0f} s, first start→last end {(t1-t0).total_seconds():.0f} s")
print("serial tail classes:", {c.split('.')[-1]:round(dur[c]) for c in serial})
def makespan(order, k=4):
    slots=[0.0]*k
    for c in order:
        t=heapq.heappop(slots); heapq.heappush(slots,t+dur[c])
    return max(slots)
actual=sorted(par,key=lambda c:first[c])
print(f"simulated, this run's order (4 at a time): {makespan(actual):.0f} s; ideal sum/4 {sum(dur[c] for c in par)/4:.0f} s")
random.seed(1)
rs=[]
for i in range(2000):
    o=par[:]; random.shuffle(o); rs.append(makespan(o))
rs.sort()
print(f"simulated, random orders: median {rs[1000]:.0f} s, 10-90% {rs[200]:.0f}-{rs[1800]:.0f} s")
print(f"simulated, true longest (by measured duration) first: {makespan(sorted(par,key=lambda c:-dur[c])):.0f} s")
print("longest classes (sum of durations, s; tests; start offset s):")
for c in sorted(dur,key=lambda c:-dur[c])[:int(sys.argv[2]) if len(sys.argv)>2 else 25]:
    print(f"  {dur[c]:7.1f} {n[c]:3d} {(first[c]-t0).total_seconds():6.0f}  {c.split('.')[-1]}")
