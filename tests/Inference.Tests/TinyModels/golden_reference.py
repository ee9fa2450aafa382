# Run: python3 golden_reference.py  -> must print the ContentHash pinned in __snapshots__ (Generate_SameSpec_...).
# Independent Python reference: regenerate the golden tiny model's tensors and compute the content hash.
import hashlib, struct
M=(1<<64)-1
def derive(seed, domain, name):
    d=hashlib.sha256((domain+"|"+name).encode()).digest()
    return seed ^ struct.unpack('<Q', d[:8])[0]
class SM:
    def __init__(s, seed): s.s=seed
    def next(s):
        s.s=(s.s+0x9E3779B97F4A7C15)&M; z=s.s
        z=((z^(z>>30))*0xBF58476D1CE4E5B9)&M
        z=((z^(z>>27))*0x94D049BB133111EB)&M
        return z^(z>>31)
    def dbl(s): return (s.next()>>11)*(1.0/(1<<53))
    def normal(s):
        t=0.0
        for _ in range(12): t+=s.dbl()
        return t-6.0
def f32(x): return struct.unpack('<f', struct.pack('<f', x))[0]
def bf16bytes(x):
    b=struct.unpack('<I', struct.pack('<f', x))[0]
    r=0x7FFF+((b>>16)&1)
    return struct.pack('<H', ((b+r)>>16)&0xFFFF)
H,L,NH,KV,I,V=32,2,4,2,48,275
hd=H//NH
t=[("model.embed_tokens.weight",[V,H],False),("model.norm.weight",[H],True),("lm_head.weight",[V,H],False)]
for l in range(L):
    p=f"model.layers.{l}."
    t+=[(p+"self_attn.q_proj.weight",[NH*hd,H],False),(p+"self_attn.k_proj.weight",[KV*hd,H],False),(p+"self_attn.v_proj.weight",[KV*hd,H],False),(p+"self_attn.o_proj.weight",[H,NH*hd],False),
        (p+"self_attn.q_norm.weight",[hd],True),(p+"self_attn.k_norm.weight",[hd],True),
        (p+"mlp.gate_proj.weight",[I,H],False),(p+"mlp.up_proj.weight",[I,H],False),(p+"mlp.down_proj.weight",[H,I],False),
        (p+"input_layernorm.weight",[H],True),(p+"post_attention_layernorm.weight",[H],True)]
t.sort(key=lambda x: x[0].encode('utf-16-be'))
h=hashlib.sha256(b"tournament-content-hash/v1\n")
for name,shape,norm in t:
    n=1
    for d in shape: n*=d
    r=SM(derive(42,"init",name))
    data=b"".join(bf16bytes(1.0 if norm else f32(0.02*r.normal())) for _ in range(n))
    nb=name.encode()
    h.update(struct.pack('<I',len(nb))+nb+struct.pack('<I',4)+b"BF16"+struct.pack('<I',len(shape))+b"".join(struct.pack('<q',d) for d in shape)+hashlib.sha256(data).digest())
print("sha256:"+h.hexdigest())
