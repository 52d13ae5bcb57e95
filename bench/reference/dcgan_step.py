"""PyTorch eager reference for functional-bench: the same DCGAN step (NS loss, R1 gamma=10 on
every D step, EMA 0.999 as one lerp_ per parameter, Adam(2e-4, 0.5, 0.999)), timed the same way
(warm-up, then repeats of N steps between two cuda.synchronize calls; median and spread).

    python3 bench/reference/dcgan_step.py --sizes 64 --batches 32,64,256 --steps 20 --repeats 5
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


def make_step(size, device, latent=128, gamma=10.0, decay=0.999):
    g, d = generator(size, latent).to(device), discriminator(size).to(device)
    ema = generator(size, latent).to(device)
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
        g_loss = F.softplus(-d(g(torch.randn(n, latent, device=device)))).mean()
        opt_g.zero_grad(set_to_none=True)
        g_loss.backward()
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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="64")
    ap.add_argument("--batches", default="32,64,256")
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--out")
    a = ap.parse_args()
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    torch.backends.cudnn.benchmark = False
    rows = []
    print(f"# PyTorch {torch.__version__} eager on {torch.cuda.get_device_name() if device.type == 'cuda' else 'CPU'}")
    print("| size | batch | PyTorch ms/step | img/s |")
    print("|---|---|---|---|")
    for size in map(int, a.sizes.split(",")):
        for batch in map(int, a.batches.split(",")):
            torch.manual_seed(0)
            step = make_step(size, device)
            real = torch.randn(batch, 3, size, size, device=device).clamp(-1, 1)
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
