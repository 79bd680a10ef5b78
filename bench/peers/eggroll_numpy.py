#!/usr/bin/python3
"""EGGROLL epoch in NumPy (float32), for side-by-side comparison with Eggroll.NET.

Model: L Linear layers W x W (weights (out, in), y = x @ W.T + b), ReLU between layers,
none after the last. Batch: N*T rows, member t owns rows [t*T, (t+1)*T); members 2p and
2p+1 form antithetic pair p with signs +1 / -1.

Measures the median wall time of
  * inference: one plain forward pass of the N*T rows;
  * an EGGROLL epoch: noise generation, perturbed forward, fitness, z-score shaping,
    the one-matmul gradient estimate per matrix, and the SGD step.
Prints one JSON line to stdout; diagnostics (BLAS, threads) go to stderr.

`--check` instead verifies, on small shapes, the batched perturbed forward against
explicitly materialised per-member weights and the one-matmul update against the explicit
sum over pairs; prints OK or FAIL and exits non-zero on FAIL.
"""

import json
import os
import sys

from peer_common import median_seconds, parse_args, report


ARGS = parse_args(__doc__, "BLAS threads")

import numpy as np  # noqa: E402

F32 = np.float32


def blas_description():
    """One-line description of the BLAS numpy runs on (threadpoolctl when available)."""
    try:
        from threadpoolctl import threadpool_info
        parts = []
        for info in threadpool_info():
            if info.get("user_api") != "blas":
                continue
            parts.append("{} {} arch={} threads={} ({})".format(
                info.get("internal_api"), info.get("version"), info.get("architecture"),
                info.get("num_threads"), os.path.basename(info.get("filepath", ""))))
        if parts:
            return "; ".join(parts)
    except ImportError:
        pass
    # numpy < 1.25 without threadpoolctl: the build-time configuration
    import contextlib
    import io
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        np.show_config()
    libs = [l.strip() for l in buf.getvalue().splitlines() if "libraries" in l]
    return "build config: " + (libs[0] if libs else "unknown")


# --------------------------------------------------------------------------------------
# Model


def init_model(rng, width, layers):
    scale = F32(np.sqrt(2.0 / width))
    weights = [rng.standard_normal((width, width), dtype=F32) * scale for _ in range(layers)]
    biases = [np.zeros(width, dtype=F32) for _ in range(layers)]
    return weights, biases


def forward(x, weights, biases):
    h = x
    last = len(weights) - 1
    for i, (w, b) in enumerate(zip(weights, biases)):
        h = h @ w.T
        h += b
        if i != last:
            np.maximum(h, 0, out=h)
    return h


# --------------------------------------------------------------------------------------
# EGGROLL


def sample_noise(rng, pairs, width, rank, layers):
    """Per layer: A (P, W_out, r), B (P, W_in, r), bias noise eps (P, W_out)."""
    noise = []
    for _ in range(layers):
        a = rng.standard_normal((pairs, width, rank), dtype=F32)
        b = rng.standard_normal((pairs, width, rank), dtype=F32)
        e = rng.standard_normal((pairs, width), dtype=F32)
        noise.append((a, b, e))
    return noise


# sign of member 2p is +1, of member 2p+1 is -1
SIGNS = np.array([1.0, -1.0], dtype=F32)


def perturbed_forward(x, weights, biases, noise, rows, sigma, rank):
    """Forward of all members in one batch; member t sees W + s_t*sigma/sqrt(r)*A_p B_p^T.

    Rows of a pair are contiguous, so (N*T, W) reshapes to (P, 2T, W) and each pair's
    factors apply with one batched matmul; the sign is folded into the small (P, 2, T, r)
    intermediate.
    """
    n_rows, width = x.shape
    pairs = n_rows // (2 * rows)
    coef = F32(sigma / np.sqrt(rank))
    sign_scale = (SIGNS * coef)[None, :, None, None]          # (1, 2, 1, 1)
    bias_sign = (SIGNS * F32(sigma))[None, :, None, None]     # (1, 2, 1, 1)
    h = x
    last = len(weights) - 1
    for i, (w, b, (na, nb, ne)) in enumerate(zip(weights, biases, noise)):
        y = h @ w.T                                           # shared product, (N*T, W)
        hp = h.reshape(pairs, 2 * rows, width)                # (P, 2T, W_in)
        xb = np.matmul(hp, nb)                                # (P, 2T, r)
        xb = xb.reshape(pairs, 2, rows, rank) * sign_scale    # signed, scaled
        corr = np.matmul(xb.reshape(pairs, 2 * rows, rank), na.transpose(0, 2, 1))  # (P, 2T, W_out)
        y3 = y.reshape(pairs, 2, rows, width)
        y3 += corr.reshape(pairs, 2, rows, width)
        y3 += b + bias_sign * ne[:, None, None, :]          # (P, 2, 1, W): bias + signed noise
        if i != last:
            np.maximum(y, 0, out=y)
        h = y
    return h


def fitness(out, target, population):
    """Negative mean squared error per member."""
    d = (out - target).reshape(population, -1)
    return -np.einsum("ij,ij->i", d, d) / F32(d.shape[1])


def shape_scores(f):
    return ((f - f.mean()) / np.sqrt(f.var() + F32(1e-5))).astype(F32)


def estimate_gradients(shaped, noise, sigma, rank):
    """Per layer: g = 1/(N sigma sqrt r) * sum_p c_p A_p B_p^T as one (W x P*r)(P*r x W) matmul."""
    population = shaped.shape[0]
    c = shaped[0::2] - shaped[1::2]                           # (P,)
    wscale = F32(1.0 / (population * sigma * np.sqrt(rank)))
    bscale = F32(1.0 / (population * sigma))
    grads = []
    for na, nb, ne in noise:
        pairs, width, rank_ = na.shape
        a_stack = (na * (c * wscale)[:, None, None]).transpose(1, 0, 2).reshape(width, pairs * rank_)
        b_stack = nb.transpose(1, 0, 2).reshape(nb.shape[1], pairs * rank_)
        gw = a_stack @ b_stack.T                              # (W_out, W_in)
        gb = (c * bscale) @ ne                                # (W_out,)
        grads.append((gw, gb))
    return grads


def eggroll_epoch(rng, x, target, weights, biases, args):
    pairs = args.population // 2
    noise = sample_noise(rng, pairs, args.width, args.rank, len(weights))
    out = perturbed_forward(x, weights, biases, noise, args.rows, args.sigma, args.rank)
    f = fitness(out, target, args.population)
    shaped = shape_scores(f)
    grads = estimate_gradients(shaped, noise, args.sigma, args.rank)
    lr = F32(args.lr)
    for w, b, (gw, gb) in zip(weights, biases, grads):
        w += lr * gw
        b += lr * gb
    return f


# --------------------------------------------------------------------------------------
# Self-check


def self_check():
    rng = np.random.default_rng(7)
    population, rows, rank, width, layers, sigma = 8, 3, 2, 6, 3, 0.1
    pairs = population // 2
    weights, biases = init_model(rng, width, layers)
    biases = [rng.standard_normal(width, dtype=F32) * F32(0.1) for _ in range(layers)]
    x = rng.standard_normal((population * rows, width), dtype=F32)
    noise = sample_noise(rng, pairs, width, rank, layers)

    batched = perturbed_forward(x, weights, biases, noise, rows, sigma, rank)

    explicit = np.empty((population * rows, width))
    for t in range(population):
        p, s = t // 2, (1.0 if t % 2 == 0 else -1.0)
        h = x[t * rows:(t + 1) * rows].astype(np.float64)
        for i, (w, b, (na, nb, ne)) in enumerate(zip(weights, biases, noise)):
            wt = w.astype(np.float64) + sigma * s / np.sqrt(rank) * (na[p].astype(np.float64) @ nb[p].T.astype(np.float64))
            bt = b.astype(np.float64) + s * sigma * ne[p].astype(np.float64)
            h = h @ wt.T + bt
            if i != layers - 1:
                h = np.maximum(h, 0.0)
        explicit[t * rows:(t + 1) * rows] = h
    fwd_err = np.max(np.abs(batched - explicit)) / max(1.0, np.max(np.abs(explicit)))

    shaped = rng.standard_normal(population).astype(F32)
    grads = estimate_gradients(shaped, noise, sigma, rank)
    grad_err = 0.0
    for (na, nb, ne), (gw, gb) in zip(noise, grads):
        sw = np.zeros((width, width))
        sb = np.zeros(width)
        for p in range(pairs):
            c = float(shaped[2 * p]) - float(shaped[2 * p + 1])
            sw += c * (na[p].astype(np.float64) @ nb[p].T.astype(np.float64))
            sb += c * ne[p].astype(np.float64)
        sw /= population * sigma * np.sqrt(rank)
        sb /= population * sigma
        grad_err = max(grad_err,
                       np.max(np.abs(gw - sw)) / max(1.0, np.max(np.abs(sw))),
                       np.max(np.abs(gb - sb)) / max(1.0, np.max(np.abs(sb))))

    # z-score shaping: mean 0, unit variance (up to the 1e-5 epsilon)
    f = rng.standard_normal(population).astype(F32)
    z = shape_scores(f)
    shape_err = max(abs(float(z.mean())), abs(float(z.std()) - 1.0))

    tol = 1e-4
    ok = fwd_err < tol and grad_err < tol and shape_err < 1e-3
    print("numpy self-check: forward max rel err {:.2e}, update max rel err {:.2e}, shaping err {:.2e}: {}".format(
        fwd_err, grad_err, shape_err, "OK" if ok else "FAIL"))
    return 0 if ok else 1


# --------------------------------------------------------------------------------------
# Benchmark


def main():
    args = ARGS
    if args.check:
        sys.exit(self_check())

    print("numpy {} | BLAS: {} | OPENBLAS_CORETYPE={}".format(
        np.__version__, blas_description(), os.environ.get("OPENBLAS_CORETYPE", "(unset)")), file=sys.stderr)

    rng = np.random.default_rng(args.seed)
    n_rows = args.population * args.rows
    weights, biases = init_model(rng, args.width, args.layers)
    x = rng.standard_normal((n_rows, args.width), dtype=F32)
    target = rng.standard_normal((n_rows, args.width), dtype=F32)

    inference = median_seconds(lambda: forward(x, weights, biases), args.repeats, args.warmup)
    epoch = median_seconds(lambda: eggroll_epoch(rng, x, target, weights, biases, args), args.repeats, args.warmup)

    print(json.dumps(report("numpy", np.__version__, args, inference, epoch)))


if __name__ == "__main__":
    main()
