#!/usr/bin/python3
"""EGGROLL epoch in PyTorch (CPU, float32), for side-by-side comparison with Eggroll.NET.

Model: L Linear layers W x W (weights (out, in), y = x @ W.T + b), ReLU between layers,
none after the last. Batch: N*T rows, member t owns rows [t*T, (t+1)*T); members 2p and
2p+1 form antithetic pair p with signs +1 / -1.

Measures the median wall time of
  * inference: one plain forward pass of the N*T rows;
  * an EGGROLL epoch: noise generation, perturbed forward, fitness, z-score shaping,
    the one-matmul gradient estimate per matrix, and the SGD step.
Everything runs under torch.inference_mode(). Prints one JSON line to stdout;
diagnostics (BLAS, threads) go to stderr.

`--check` instead verifies, on small shapes, the batched perturbed forward against
explicitly materialised per-member weights and the one-matmul update against the explicit
sum over pairs; prints OK or FAIL and exits non-zero on FAIL.
"""

import json
import os
import sys

from peer_common import median_seconds, parse_args, report


ARGS = parse_args(__doc__, "intra-op threads (torch.set_num_threads)")

import torch  # noqa: E402

torch.set_num_threads(ARGS.threads)
F32 = torch.float32


def backend_description():
    parts = ["torch {} threads={}".format(torch.__version__, torch.get_num_threads())]
    for line in torch.__config__.show().splitlines():
        line = line.strip()
        if "MKL-DNN" in line or "CPU capability" in line:
            parts.append(line.lstrip("- "))
        if line.startswith("- Build settings"):
            for item in line.split(","):
                item = item.strip()
                if item.startswith("BLAS_INFO") or item.startswith("USE_MKLDNN="):
                    parts.append(item)
    try:
        from threadpoolctl import threadpool_info
        for info in threadpool_info():
            if info.get("user_api") == "blas":
                parts.append("{} {} arch={} threads={} ({})".format(
                    info.get("internal_api"), info.get("version"), info.get("architecture"),
                    info.get("num_threads"), os.path.basename(info.get("filepath", ""))))
    except ImportError:
        pass
    return " | ".join(parts)


# --------------------------------------------------------------------------------------
# Model


def init_model(gen, width, layers):
    scale = (2.0 / width) ** 0.5
    weights = [torch.randn(width, width, generator=gen) * scale for _ in range(layers)]
    biases = [torch.zeros(width) for _ in range(layers)]
    return weights, biases


def forward(x, weights, biases):
    h = x
    last = len(weights) - 1
    for i, (w, b) in enumerate(zip(weights, biases)):
        h = torch.nn.functional.linear(h, w, b)
        if i != last:
            h.relu_()
    return h


# --------------------------------------------------------------------------------------
# EGGROLL


def sample_noise(gen, pairs, width, rank, layers):
    """Per layer: A (P, W_out, r), B (P, W_in, r), bias noise eps (P, W_out)."""
    noise = []
    for _ in range(layers):
        a = torch.randn(pairs, width, rank, generator=gen)
        b = torch.randn(pairs, width, rank, generator=gen)
        e = torch.randn(pairs, width, generator=gen)
        noise.append((a, b, e))
    return noise


def perturbed_forward(x, weights, biases, noise, rows, sigma, rank):
    """Forward of all members in one batch; member t sees W + s_t*sigma/sqrt(r)*A_p B_p^T.

    Rows of a pair are contiguous, so (N*T, W) views as (P, 2T, W) and each pair's factors
    apply with one bmm; the sign is folded into the small (P, 2, T, r) intermediate and the
    correction is accumulated in place with baddbmm_.
    """
    n_rows, width = x.shape
    pairs = n_rows // (2 * rows)
    signs = torch.tensor([1.0, -1.0], dtype=F32)
    sign_scale = (signs * (sigma / rank ** 0.5)).view(1, 2, 1, 1)
    bias_sign = (signs * sigma).view(1, 2, 1, 1)
    h = x
    last = len(weights) - 1
    for i, (w, b, (na, nb, ne)) in enumerate(zip(weights, biases, noise)):
        y = torch.addmm(b, h, w.t())                          # shared product + bias, (N*T, W)
        xb = torch.bmm(h.view(pairs, 2 * rows, width), nb)    # (P, 2T, r)
        xb = xb.view(pairs, 2, rows, rank).mul_(sign_scale)   # signed, scaled
        y.view(pairs, 2 * rows, width).baddbmm_(xb.view(pairs, 2 * rows, rank), na.transpose(1, 2))
        y.view(pairs, 2, rows, width).add_(bias_sign * ne.view(pairs, 1, 1, width))
        if i != last:
            y.relu_()
        h = y
    return h


def fitness(out, target, population):
    """Negative mean squared error per member."""
    d = (out - target).view(population, -1)
    return -(d * d).mean(dim=1)


def shape_scores(f):
    return (f - f.mean()) / torch.sqrt(f.var(unbiased=False) + 1e-5)


def estimate_gradients(shaped, noise, sigma, rank):
    """Per layer: g = 1/(N sigma sqrt r) * sum_p c_p A_p B_p^T as one (W x P*r)(P*r x W) matmul."""
    population = shaped.shape[0]
    c = shaped[0::2] - shaped[1::2]                           # (P,)
    wscale = 1.0 / (population * sigma * rank ** 0.5)
    bscale = 1.0 / (population * sigma)
    grads = []
    for na, nb, ne in noise:
        pairs, width, rank_ = na.shape
        a_stack = (na * (c * wscale).view(pairs, 1, 1)).permute(1, 0, 2).reshape(width, pairs * rank_)
        b_stack = nb.permute(1, 0, 2).reshape(nb.shape[1], pairs * rank_)
        gw = a_stack @ b_stack.t()                            # (W_out, W_in)
        gb = (c * bscale) @ ne                                # (W_out,)
        grads.append((gw, gb))
    return grads


def eggroll_epoch(gen, x, target, weights, biases, args):
    pairs = args.population // 2
    noise = sample_noise(gen, pairs, args.width, args.rank, len(weights))
    out = perturbed_forward(x, weights, biases, noise, args.rows, args.sigma, args.rank)
    f = fitness(out, target, args.population)
    shaped = shape_scores(f)
    grads = estimate_gradients(shaped, noise, args.sigma, args.rank)
    for w, b, (gw, gb) in zip(weights, biases, grads):
        w.add_(gw, alpha=args.lr)
        b.add_(gb, alpha=args.lr)
    return f


# --------------------------------------------------------------------------------------
# Self-check


def self_check():
    gen = torch.Generator().manual_seed(7)
    population, rows, rank, width, layers, sigma = 8, 3, 2, 6, 3, 0.1
    pairs = population // 2
    weights, _ = init_model(gen, width, layers)
    biases = [torch.randn(width, generator=gen) * 0.1 for _ in range(layers)]
    x = torch.randn(population * rows, width, generator=gen)
    noise = sample_noise(gen, pairs, width, rank, layers)

    batched = perturbed_forward(x, weights, biases, noise, rows, sigma, rank).double()

    explicit = torch.empty(population * rows, width, dtype=torch.float64)
    for t in range(population):
        p, s = t // 2, (1.0 if t % 2 == 0 else -1.0)
        h = x[t * rows:(t + 1) * rows].double()
        for i, (w, b, (na, nb, ne)) in enumerate(zip(weights, biases, noise)):
            wt = w.double() + sigma * s / rank ** 0.5 * (na[p].double() @ nb[p].double().t())
            bt = b.double() + s * sigma * ne[p].double()
            h = h @ wt.t() + bt
            if i != layers - 1:
                h = torch.clamp(h, min=0.0)
        explicit[t * rows:(t + 1) * rows] = h
    fwd_err = ((batched - explicit).abs().max() / max(1.0, explicit.abs().max().item())).item()

    shaped = torch.randn(population, generator=gen)
    grads = estimate_gradients(shaped, noise, sigma, rank)
    grad_err = 0.0
    for (na, nb, ne), (gw, gb) in zip(noise, grads):
        sw = torch.zeros(width, width, dtype=torch.float64)
        sb = torch.zeros(width, dtype=torch.float64)
        for p in range(pairs):
            c = shaped[2 * p].item() - shaped[2 * p + 1].item()
            sw += c * (na[p].double() @ nb[p].double().t())
            sb += c * ne[p].double()
        sw /= population * sigma * rank ** 0.5
        sb /= population * sigma
        grad_err = max(grad_err,
                       ((gw.double() - sw).abs().max() / max(1.0, sw.abs().max().item())).item(),
                       ((gb.double() - sb).abs().max() / max(1.0, sb.abs().max().item())).item())

    f = torch.randn(population, generator=gen)
    z = shape_scores(f)
    shape_err = max(abs(z.mean().item()), abs(z.std(unbiased=False).item() - 1.0))

    tol = 1e-4
    ok = fwd_err < tol and grad_err < tol and shape_err < 1e-3
    print("torch self-check: forward max rel err {:.2e}, update max rel err {:.2e}, shaping err {:.2e}: {}".format(
        fwd_err, grad_err, shape_err, "OK" if ok else "FAIL"))
    return 0 if ok else 1


# --------------------------------------------------------------------------------------
# Benchmark


def main():
    args = ARGS
    with torch.inference_mode():
        if args.check:
            sys.exit(self_check())

        print("{} | OPENBLAS_CORETYPE={}".format(
            backend_description(), os.environ.get("OPENBLAS_CORETYPE", "(unset)")), file=sys.stderr)

        gen = torch.Generator().manual_seed(args.seed)
        n_rows = args.population * args.rows
        weights, biases = init_model(gen, args.width, args.layers)
        x = torch.randn(n_rows, args.width, generator=gen)
        target = torch.randn(n_rows, args.width, generator=gen)

        inference = median_seconds(lambda: forward(x, weights, biases), args.repeats, args.warmup)
        epoch = median_seconds(lambda: eggroll_epoch(gen, x, target, weights, biases, args),
                               args.repeats, args.warmup)

    print(json.dumps(report("torch", torch.__version__, args, inference, epoch)))


if __name__ == "__main__":
    main()
