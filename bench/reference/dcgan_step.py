"""PyTorch eager reference for functional-bench: the same DCGAN step (NS loss, R1 gamma=10 on
every D step, EMA 0.999 as one lerp_ per parameter, Adam(2e-4, 0.5, 0.999)), timed the same way
(warm-up, then repeats of N steps between two cuda.synchronize calls; median and spread).

    python3 bench/reference/dcgan_step.py --sizes 64 --batches 32,64,256 --steps 20 --repeats 5

With --d-frozen-in-g the discriminator's parameters stop requiring gradients during the
generator's step (StyleGAN2's loop does this), so its weight gradients are not computed there:
the generated step's math since it back-propagates the generator's loss to the generator only.

--serve: a peer for `functional-bench --peer` on the same machine, driven over stdin/stdout one
command per line, so the two steps can alternate repeats:
    setup MODEL SIZE BATCH WARMUP   build the step, run WARMUP steps      -> ok
    threads N                       torch.set_num_threads(N)              -> ok
    run STEPS                       time STEPS steps                      -> milliseconds per step
    info                            -> version, threads, OMP_WAIT_POLICY
    quit
"""
import argparse, json, math, statistics, time
import torch
import torch.nn as nn
import torch.nn.functional as F

WIDTH = 64


def generator(size, latent=128, channels=3):
    stages = int(math.log2(size)) - 2
    width = WIDTH << (stages - 1)
    layers = [nn.Unflatten(1, (latent, 1, 1)), nn.ConvTranspose2d(latent, width, 4, 1, 0, bias=False), nn.BatchNorm2d(width), nn.ReLU()]
    for _ in range(1, stages):
        layers += [nn.ConvTranspose2d(width, width // 2, 4, 2, 1, bias=False), nn.BatchNorm2d(width // 2), nn.ReLU()]
        width //= 2
    layers += [nn.ConvTranspose2d(width, channels, 4, 2, 1), nn.Tanh()]
    return nn.Sequential(*layers)


def discriminator(size, channels=3):
    stages = int(math.log2(size)) - 2
    width = WIDTH
    layers = [nn.Conv2d(channels, width, 4, 2, 1), nn.LeakyReLU(0.2)]
    for _ in range(1, stages):
        layers += [nn.Conv2d(width, width * 2, 4, 2, 1), nn.LeakyReLU(0.2)]
        width *= 2
    layers += [nn.Conv2d(width, 1, 4, 1, 0), nn.Flatten()]
    return nn.Sequential(*layers)


def mlp_generator(latent=8, hidden=256):
    return nn.Sequential(nn.Linear(latent, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU(),
                         nn.Linear(hidden, hidden), nn.ReLU(), nn.Linear(hidden, 2))


def mlp_discriminator(hidden=256):
    return nn.Sequential(nn.Linear(2, hidden), nn.LeakyReLU(0.2), nn.Linear(hidden, hidden), nn.LeakyReLU(0.2), nn.Linear(hidden, 1))


def make_step(size, device, latent=128, gamma=10.0, decay=0.999, model="dcgan", d_frozen_in_g=False):
    if model == "mlp":
        latent = 8
        make_g, make_d = (lambda: mlp_generator(latent)), mlp_discriminator
    else:
        make_g, make_d = (lambda: generator(size, latent)), (lambda: discriminator(size))
    g, d = make_g().to(device), make_d().to(device)
    ema = make_g().to(device)
    ema.load_state_dict(g.state_dict())
    ema.requires_grad_(False)
    opt_g = torch.optim.Adam(g.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(d.parameters(), lr=2e-4, betas=(0.5, 0.999))

    def step(real):
        n = real.shape[0]
        with torch.no_grad():
            fake = g(torch.randn(n, latent, device=device))
        real_in = real.detach().requires_grad_(True)
        real_logits, fake_logits = d(real_in), d(fake)
        d_loss = F.softplus(-real_logits).mean() + F.softplus(fake_logits).mean()
        grads, = torch.autograd.grad(real_logits.sum(), real_in, create_graph=True)
        r1 = grads.square().flatten(1).sum(1).mean() * (gamma / 2)
        opt_d.zero_grad(set_to_none=True)
        (d_loss + r1).backward()
        opt_d.step()
        if d_frozen_in_g:
            d.requires_grad_(False)
        g_loss = F.softplus(-d(g(torch.randn(n, latent, device=device)))).mean()
        opt_g.zero_grad(set_to_none=True)
        g_loss.backward()
        if d_frozen_in_g:
            d.requires_grad_(True)
        opt_g.step()
        with torch.no_grad():
            for a, p in zip(ema.parameters(), g.parameters()):
                a.lerp_(p, 1 - decay)
            for a, b in zip(ema.buffers(), g.buffers()):
                a.copy_(b)
    return step


def run(step, real, steps, device):
    if device.type == "cuda":
        torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(steps):
        step(real)
    if device.type == "cuda":
        torch.cuda.synchronize()
    return (time.perf_counter() - start) * 1000 / steps


def serve(d_frozen_in_g):
    import os, sys
    device = torch.device("cpu")
    step = real = None
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "quit":
            break
        if words[0] == "setup":
            model, size, batch, warmup = words[1], int(words[2]), int(words[3]), int(words[4])
            torch.manual_seed(0)
            step = make_step(size, device, model=model, d_frozen_in_g=d_frozen_in_g)
            real = torch.randn(batch, 2) if model == "mlp" else torch.randn(batch, 3, size, size).clamp(-1, 1)
            run(step, real, warmup, device)
            reply = "ok"
        elif words[0] == "threads":
            torch.set_num_threads(int(words[1]))
            reply = "ok"
        elif words[0] == "run":
            reply = f"{run(step, real, int(words[1]), device):.6f}"
        elif words[0] == "info":
            reply = f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads, OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY', 'unset')}"
        else:
            reply = f"error: unknown command {words[0]}"
        print(reply, flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="64")
    ap.add_argument("--batches", default="32,64,256")
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--out")
    ap.add_argument("--model", default="dcgan", choices=["dcgan", "mlp"])
    ap.add_argument("--d-frozen-in-g", action="store_true")
    ap.add_argument("--serve", action="store_true")
    a = ap.parse_args()
    if a.serve:
        serve(a.d_frozen_in_g)
        return
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    torch.backends.cudnn.benchmark = False
    rows = []
    print(f"# PyTorch {torch.__version__} eager on {torch.cuda.get_device_name() if device.type == 'cuda' else 'CPU'}")
    print(f"| {a.model} size | batch | PyTorch ms/step | img/s |")
    print("|---|---|---|---|")
    sizes = [2] if a.model == "mlp" else list(map(int, a.sizes.split(",")))
    for size in sizes:
        for batch in map(int, a.batches.split(",")):
            torch.manual_seed(0)
            step = make_step(size, device, model=a.model, d_frozen_in_g=a.d_frozen_in_g)
            real = torch.randn(batch, 2, device=device) if a.model == "mlp" else torch.randn(batch, 3, size, size, device=device).clamp(-1, 1)
            run(step, real, a.warmup, device)
            times = [run(step, real, a.steps, device) for _ in range(a.repeats)]
            q = statistics.quantiles(times, n=4) if len(times) > 1 else [times[0]] * 3
            med = statistics.median(times)
            rows.append(dict(size=size, batch=batch, ms=med, spread=(q[2] - q[0]) / 2))
            print(f"| {size} | {batch} | {med:.2f} ± {(q[2] - q[0]) / 2:.2f} | {batch * 1000 / med:.0f} |")
    if a.out:
        json.dump(rows, open(a.out, "w"), indent=2)


if __name__ == "__main__":
    main()
