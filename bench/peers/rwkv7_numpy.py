#!/usr/bin/python3
"""RWKV-7 population step in NumPy (float32), for side-by-side comparison with `eggroll bench lm`.

A byte-level RWKV-7 model (L blocks of width D, head size 64, adapters D/8 wide with the gate D/4,
channel mix 4D, 256 tokens: the shape `train lm --model rwkv7` builds) advances N streams by one
token. Two ways, timed in turns:
  * plain inference: no noise;
  * a population step: N members, one stream each, member t = 2p + s sees every matrix (block
    matrices, embedding and head) as W + sign_s * sigma/sqrt(r) * A_p B_p^T, with the pair's
    factors generated beforehand (as during an epoch).
Each timed run is as many steps as fill about 0.2 s; the JSON line gives tokens/s of both (median
over rounds) and the population step's throughput with inference = 100 (median over rounds of the
plain time against the population time of the same round).

`--check` instead runs a tiny model and verifies that every member's logits from the batched
population step equal those of the plain step with that member's perturbation materialised.
"""

import argparse
import json
import os
import statistics
import sys
import time

p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
p.add_argument("--population", type=int, default=256, help="N, members (even), one stream each")
p.add_argument("--width", type=int, default=256, help="D, a multiple of 64")
p.add_argument("--layers", type=int, default=2, help="L, blocks")
p.add_argument("--rank", type=int, default=1, help="r, rank of each perturbation")
p.add_argument("--rounds", type=int, default=7, help="timed rounds (plain and population step in turns)")
p.add_argument("--warmup", type=int, default=2, help="untimed rounds first")
p.add_argument("--threads", type=int, default=2, help="BLAS threads")
p.add_argument("--sigma", type=float, default=0.01)
p.add_argument("--seed", type=int, default=1)
p.add_argument("--check", action="store_true", help="run the self-check and exit")
ARGS = p.parse_args()
if ARGS.population < 2 or ARGS.population % 2:
    p.error("--population must be even and >= 2")
for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = str(ARGS.threads)

import numpy as np  # noqa: E402

F32 = np.float32
HEAD_SIZE = 64
VOCABULARY = 256
DECAY_SCALE = F32(-np.exp(-0.5))
SIGNS = np.array([1.0, -1.0], dtype=F32)


def shape(width, layers, head_size=HEAD_SIZE):
    """Matrix shapes (out, in) per name, and the adapter widths, as `train lm --model rwkv7` builds them."""
    lora, gate = max(4, width // 8), max(4, width // 4)
    block = {"w1": (lora, width), "w2": (width, lora), "a1": (lora, width), "a2": (width, lora),
             "g1": (gate, width), "g2": (width, gate), "r": (width, width), "k": (width, width),
             "v": (width, width), "o": (width, width), "fk": (4 * width, width), "fv": (width, 4 * width)}
    matrices = {"emb": (VOCABULARY, width), "head": (VOCABULARY, width)}
    for layer in range(layers):
        for name, dims in block.items():
            matrices["{}.{}".format(layer, name)] = dims
        if layer > 0:
            matrices["{}.v1".format(layer)] = (lora, width)
            matrices["{}.v2".format(layer)] = (width, lora)
    return matrices, head_size


def init(rng, width, layers, head_size=HEAD_SIZE):
    """Random weights: matrices scaled by 1/sqrt(in), vectors near the reference initialisation."""
    matrices, _ = shape(width, layers, head_size)
    params = {name: (rng.standard_normal(dims, dtype=F32) / F32(np.sqrt(dims[1]))).astype(F32)
              for name, dims in matrices.items()}
    ratio = np.arange(width, dtype=F32) / F32(width)
    for layer in range(layers):
        v = lambda name, value: params.__setitem__("{}.{}".format(layer, name), np.asarray(value, dtype=F32) * np.ones(width, F32))  # noqa: E731
        for name, depth in (("mu_r", 0.2), ("mu_w", 0.9), ("mu_k", 0.7), ("mu_v", 0.7), ("mu_a", 0.9), ("mu_g", 0.2), ("mu_f", 0.7)):
            v(name, 1 - ratio * depth)
        v("w0", -6 + 6 * ratio + 0.5)
        v("a0", -0.19)
        v("v0", 0.73)
        v("k_k", 0.71)
        v("k_a", 1.02)
        v("r_k", -0.04)
        for norm in ("ln1", "ln2", "lnx"):
            v(norm + ".g", 1.0)
            v(norm + ".b", 0.0)
    for norm in ("ln0", "lnout"):
        params[norm + ".g"] = np.ones(width, F32)
        params[norm + ".b"] = np.zeros(width, F32)
    return params


def new_state(population, width, layers, head_size=HEAD_SIZE):
    heads = width // head_size
    return [{"tm": np.zeros((population, width), F32), "cm": np.zeros((population, width), F32),
             "wkv": np.zeros((population, heads, head_size, head_size), F32)} for _ in range(layers)]


def sample_noise(rng, params, pairs, rank):
    """Per matrix: A (P, r, out) and B (P, r, in), standard normal."""
    return {name: (rng.standard_normal((pairs, rank, w.shape[0]), dtype=F32),
                   rng.standard_normal((pairs, rank, w.shape[1]), dtype=F32))
            for name, w in params.items() if w.ndim == 2}


def layer_norm(x, g, b, eps=F32(1e-5)):
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    var = (centred * centred).mean(axis=-1, keepdims=True)
    return centred / np.sqrt(var + eps) * g + b


def sigmoid(x):
    return F32(1) / (F32(1) + np.exp(-x))


class Step:
    """One token for every stream; `noise` None is plain inference, else the population step."""

    def __init__(self, params, width, layers, noise=None, sigma=0.01, rank=1, head_size=HEAD_SIZE):
        self.p, self.width, self.layers, self.noise, self.head_size = params, width, layers, noise, head_size
        self.coef = F32(sigma / np.sqrt(rank))

    def lin(self, name, x):
        y = x @ self.p[name].T
        if self.noise is not None:
            a, b = self.noise[name]
            pairs = a.shape[0]
            xb = np.matmul(x.reshape(pairs, 2, -1), b.transpose(0, 2, 1))        # (P, 2, r)
            xb *= (SIGNS * self.coef)[None, :, None]
            y += np.matmul(xb, a).reshape(y.shape)                               # (P, 2, out)
        return y

    def embed(self, tokens):
        x = self.p["emb"][tokens]
        if self.noise is not None:
            a, b = self.noise["emb"]
            pairs = a.shape[0]
            picked = np.take_along_axis(a, tokens.reshape(pairs, 1, 2), axis=2)  # (P, r, 2): A_p[k, token]
            coef = picked.transpose(0, 2, 1) * (SIGNS * self.coef)[None, :, None]
            x = x + np.matmul(coef, b).reshape(x.shape)
        return x

    def time_mix(self, l, x, state, v_first):
        p = lambda name: self.p["{}.{}".format(l, name)]  # noqa: E731
        n, d = x.shape
        heads, hs = d // self.head_size, self.head_size
        xx = state["tm"] - x
        state["tm"] = x
        xr, xw, xk, xv, xa, xg = (x + xx * p(m) for m in ("mu_r", "mu_w", "mu_k", "mu_v", "mu_a", "mu_g"))
        r = self.lin("{}.r".format(l), xr)
        k = self.lin("{}.k".format(l), xk)
        v = self.lin("{}.v".format(l), xv)
        w = np.exp(DECAY_SCALE * sigmoid(p("w0") + self.lin("{}.w2".format(l), np.tanh(self.lin("{}.w1".format(l), xw)))))
        a = sigmoid(p("a0") + self.lin("{}.a2".format(l), self.lin("{}.a1".format(l), xa)))
        if l == 0:
            v_first[...] = v
        else:
            v = v + (v_first - v) * sigmoid(p("v0") + self.lin("{}.v2".format(l), self.lin("{}.v1".format(l), xv)))
        g = self.lin("{}.g2".format(l), sigmoid(self.lin("{}.g1".format(l), xg)))
        kk = (k * p("k_k")).reshape(n, heads, hs)
        kk = kk / np.maximum(np.linalg.norm(kk, axis=-1, keepdims=True), F32(1e-12))
        k = k * (1 + (a - 1) * p("k_a"))
        s = state["wkv"]                                                   # (n, H, value i, key j)
        r3, k3, v3, w3, a3 = (t.reshape(n, heads, hs) for t in (r, k, v, w, a))
        removal = np.matmul(s, kk[..., None])                              # S k^, (n, H, hs, 1)
        s *= w3[:, :, None, :]
        s -= removal * (kk * a3)[:, :, None, :]
        s += v3[..., None] * k3[:, :, None, :]
        y = np.matmul(s, r3[..., None])[..., 0]                            # S r, (n, H, hs)
        mean = y.mean(axis=-1, keepdims=True)
        var = ((y - mean) ** 2).mean(axis=-1, keepdims=True)
        y = ((y - mean) / np.sqrt(var + F32(64e-5))).reshape(n, d) * p("lnx.g") + p("lnx.b")
        bonus = (r3 * k3 * p("r_k").reshape(heads, hs)).sum(axis=-1, keepdims=True) * v3
        y = y + bonus.reshape(n, d)
        return self.lin("{}.o".format(l), y * g)

    def channel_mix(self, l, x, state):
        xx = state["cm"] - x
        state["cm"] = x
        h = np.maximum(self.lin("{}.fk".format(l), x + xx * self.p["{}.mu_f".format(l)]), 0)
        return self.lin("{}.fv".format(l), h * h)

    def __call__(self, tokens, state):
        x = layer_norm(self.embed(tokens), self.p["ln0.g"], self.p["ln0.b"])
        v_first = np.empty_like(x)
        for l in range(self.layers):
            x = x + self.time_mix(l, layer_norm(x, self.p["{}.ln1.g".format(l)], self.p["{}.ln1.b".format(l)]), state[l], v_first)
            x = x + self.channel_mix(l, layer_norm(x, self.p["{}.ln2.g".format(l)], self.p["{}.ln2.b".format(l)]), state[l])
        return self.lin("head", layer_norm(x, self.p["lnout.g"], self.p["lnout.b"]))


def check():
    """Each member of the batched population step against the plain step with its weights materialised."""
    rng = np.random.default_rng(3)
    width, layers, members, rank, sigma, head_size = 32, 2, 6, 2, 0.05, 16
    params = init(rng, width, layers, head_size)
    noise = sample_noise(rng, params, members // 2, rank)
    steps = [rng.integers(0, VOCABULARY, members) for _ in range(3)]
    batched, state = Step(params, width, layers, noise, sigma, rank, head_size), new_state(members, width, layers, head_size)
    logits = [batched(t, state) for t in steps]
    worst = 0.0
    for m in range(members):
        pair, sign = m // 2, SIGNS[m % 2]
        own = {name: (w + sign * F32(sigma / np.sqrt(rank)) * noise[name][0][pair].T @ noise[name][1][pair]).astype(F32) if w.ndim == 2 else w
               for name, w in params.items()}
        single, own_state = Step(own, width, layers, None, head_size=head_size), new_state(1, width, layers, head_size)
        for t, expected in zip(steps, logits):
            worst = max(worst, float(np.abs(single(t[m:m + 1], own_state)[0] - expected[m]).max()))
    ok = worst < 1e-3
    print("{}: largest difference {:.2e} over {} members x {} tokens".format("OK" if ok else "FAIL", worst, members, len(steps)))
    return ok


def timed(fn, steps):
    start = time.perf_counter()
    for _ in range(steps):
        fn()
    return time.perf_counter() - start


def main():
    if ARGS.check:
        sys.exit(0 if check() else 1)
    rng = np.random.default_rng(ARGS.seed)
    n, d, layers = ARGS.population, ARGS.width, ARGS.layers
    params = init(rng, d, layers)
    noise = sample_noise(rng, params, n // 2, ARGS.rank)
    tokens = [rng.integers(0, VOCABULARY, n) for _ in range(16)]
    plain, population = Step(params, d, layers), Step(params, d, layers, noise, ARGS.sigma, ARGS.rank)
    plain_state, population_state = new_state(n, d, layers), new_state(n, d, layers)
    counter = [0]

    def run(step, state):
        counter[0] += 1
        return step(tokens[counter[0] % len(tokens)], state)

    run(plain, plain_state)
    steps = max(1, int(np.ceil(0.2 / timed(lambda: run(plain, plain_state), 1))))
    plain_times, population_times = [], []
    for round_ in range(ARGS.warmup + ARGS.rounds):
        t_plain = timed(lambda: run(plain, plain_state), steps) / steps
        t_population = timed(lambda: run(population, population_state), steps) / steps
        if round_ >= ARGS.warmup:
            plain_times.append(t_plain)
            population_times.append(t_population)
    print(json.dumps({
        "impl": "numpy", "version": np.__version__, "layers": layers, "width": d, "vocabulary": VOCABULARY,
        "population": n, "rank": ARGS.rank, "threads": ARGS.threads, "stepsPerRun": steps,
        "plainMilliseconds": 1e3 * statistics.median(plain_times),
        "populationMilliseconds": 1e3 * statistics.median(population_times),
        "plainTokensPerSecond": n / statistics.median(plain_times),
        "populationTokensPerSecond": n / statistics.median(population_times),
        "populationPercent": statistics.median(100 * a / b for a, b in zip(plain_times, population_times)),
    }))


if __name__ == "__main__":
    main()
