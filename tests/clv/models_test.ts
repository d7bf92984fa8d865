/**
 * BG/NBD and Gamma-Gamma on the CDNOW 1/10 sample's first 39 weeks against
 * the papers' printed parameters and `lifetimes` 0.11.3
 * (tests/fixtures/clv_reference.json, from tests/fixtures/scripts/make_clv_fixtures.py).
 */
import assert from "node:assert/strict";
import { fitBGNBD } from "../../lib/clv/bgnbd_fit.ts";
import { bgnbdLogLikelihood } from "../../lib/clv/bgnbd_likelihood.ts";
import {
  conditionalExpectedPurchases,
  expectedPurchasesNewCustomer,
  probabilityAlive,
} from "../../lib/clv/bgnbd_predict.ts";
import {
  expectedAverageValue,
  fitGammaGamma,
  gammaGammaLogLikelihood,
} from "../../lib/clv/gamma_gamma.ts";
import { customerLifetimeValue } from "../../lib/clv/lifetime_value.ts";
import { historyPatterns } from "../../lib/clv/repeat_data.ts";
import { digamma, hyp2f1, logGamma } from "../../lib/clv/special_functions.ts";
import type { BGNBDParams } from "../../lib/clv/bgnbd_likelihood.ts";
import type { GammaGammaParams } from "../../lib/clv/gamma_gamma.ts";

const ref = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/clv_reference.json", import.meta.url)),
);
const c = ref.customers;
const history = {
  frequency: Float64Array.from(c.frequency as number[]),
  recency: Float64Array.from(c.recency as number[]),
  T: Float64Array.from(c.T as number[]),
};
const value = Float64Array.from(c.monetary_value as number[]);

interface Figures {
  bgnbd: BGNBDParams;
  gamma_gamma: { p: number; q: number; v: number };
  p_alive: number[];
  expected_purchases: Record<string, number[]>;
  expected_average_value: number[];
  curve: number[];
  clv: number[];
}

function gg(f: Figures): GammaGammaParams {
  return { p: f.gamma_gamma.p, q: f.gamma_gamma.q, gamma: f.gamma_gamma.v };
}

/** Largest relative difference. */
function maxRelative(got: ArrayLike<number>, want: ArrayLike<number>): number {
  assert.equal(got.length, want.length);
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    const scale = Math.max(Math.abs(want[i]!), 1e-300);
    worst = Math.max(worst, Math.abs(got[i]! - want[i]!) / scale);
  }
  return worst;
}

/** Every per-customer figure at the given parameters, as lifetimes lays them out. */
function ourFigures(bg: BGNBDParams, g: GammaGammaParams) {
  const n = history.frequency.length;
  const x = (i: number) => history.frequency[i]!, tx = (i: number) => history.recency[i]!;
  const T = (i: number) => history.T[i]!;
  const average = Array.from({ length: n }, (_, i) => expectedAverageValue(g, x(i), value[i]!));
  return {
    p_alive: Array.from({ length: n }, (_, i) => probabilityAlive(bg, x(i), tx(i), T(i))),
    expected_purchases: Object.fromEntries(
      Object.keys(ref.refined.expected_purchases).map((t) => [
        t,
        Array.from(
          { length: n },
          (_, i) => conditionalExpectedPurchases(bg, Number(t), x(i), tx(i), T(i)),
        ),
      ]),
    ),
    expected_average_value: average,
    curve: (ref.curve_t as number[]).map((t) => expectedPurchasesNewCustomer(bg, t)),
    clv: Array.from({ length: n }, (_, i) =>
      customerLifetimeValue(bg, {
        frequency: x(i),
        recency: tx(i),
        T: T(i),
        value: average[i]!,
      }, {
        horizon: ref.clv_months * 4.345,
        month: 4.345,
        monthlyDiscount: ref.clv_discount_monthly,
      })),
  };
}

function assertFigures(got: ReturnType<typeof ourFigures>, want: Figures, tolerance: number) {
  assert.ok(maxRelative(got.p_alive, want.p_alive) < tolerance, "P(alive)");
  for (const [t, values] of Object.entries(want.expected_purchases)) {
    const rel = maxRelative(got.expected_purchases[t]!, values);
    assert.ok(rel < tolerance, `expected purchases in ${t} weeks: ${rel}`);
  }
  const avg = maxRelative(got.expected_average_value, want.expected_average_value);
  assert.ok(avg < tolerance, `expected average value: ${avg}`);
  // The curve at t = 0 is 0 for both.
  assert.ok(maxRelative(got.curve.slice(1), want.curve.slice(1)) < tolerance, "new-customer curve");
  assert.ok(maxRelative(got.clv, want.clv) < tolerance, "CLV");
}

Deno.test("special functions agree with their closed forms", () => {
  // Γ(n) = (n − 1)!, Γ(½) = √π, Γ(x + 1) = xΓ(x) across the Lanczos/Stirling switch.
  for (let n = 1; n < 30; n++) {
    let fact = 0;
    for (let k = 2; k < n; k++) fact += Math.log(k);
    assert.ok(Math.abs(logGamma(n) - fact) < 1e-12 * Math.max(1, fact), `lgamma ${n}`);
  }
  for (const x of [0.01, 0.3, 2.7, 9.99, 10.01, 55.5]) {
    assert.ok(Math.abs(logGamma(x + 1) - logGamma(x) - Math.log(x)) < 1e-12, `recurrence ${x}`);
    assert.ok(Math.abs(digamma(x + 1) - digamma(x) - 1 / x) < 1e-12, `ψ recurrence ${x}`);
    const h = 1e-5;
    const numeric = (logGamma(x + h) - logGamma(x - h)) / (2 * h);
    assert.ok(Math.abs(digamma(x) - numeric) < 1e-6 * Math.max(1, Math.abs(numeric)), `ψ ${x}`);
  }
  // ₂F₁(a, b; b; z) = (1 − z)^−a
  assert.ok(Math.abs(hyp2f1(0.7, 2.5, 2.5, 0.95) - 0.05 ** -0.7) < 1e-9);
});

Deno.test("BG/NBD log-likelihood equals lifetimes' at its parameters, and its gradient the finite differences", () => {
  const data = historyPatterns(history);
  const { value: ll } = bgnbdLogLikelihood(ref.lifetimes_fit.bgnbd, data);
  assert.ok(Math.abs(ll - ref.bgnbd_log_likelihood) < 1e-9 * Math.abs(ll), `${ll}`);
  const theta = [0.3, 4, 0.7, 2];
  const at = (t: number[]) => {
    const [r, alpha, a, b] = t.map(Math.exp) as [number, number, number, number];
    return bgnbdLogLikelihood({ r, alpha, a, b }, data);
  };
  const base = at(theta.map(Math.log));
  for (let k = 0; k < 4; k++) {
    const h = 1e-6;
    const up = theta.map(Math.log), down = theta.map(Math.log);
    up[k]! += h;
    down[k]! -= h;
    const numeric = (at(up).value - at(down).value) / (2 * h);
    assert.ok(
      Math.abs(base.gradient[k]! - numeric) < 1e-5 * Math.max(1, Math.abs(numeric)),
      `∂${k}`,
    );
  }
});

Deno.test("BG/NBD on CDNOW's 39 calibration weeks: the paper's r, α, a, b and log-likelihood", () => {
  const fit = fitBGNBD(history);
  const { r, alpha, a, b } = fit.params;
  assert.equal(fit.warning, undefined);
  assert.ok(fit.converged);
  assert.equal(fit.customers, 2357);
  assert.equal(fit.repeatBuyers, 946);
  // Fader, Hardie & Lee (2005), table 1: r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4.
  assert.equal(r.toFixed(3), "0.243");
  assert.equal(alpha.toFixed(3), "4.414");
  assert.equal(a.toFixed(3), "0.793");
  assert.equal(b.toFixed(3), "2.426");
  assert.equal(fit.logLikelihood.toFixed(1), "-9582.4");
  // At least as high as lifetimes' own fit; the same maximum as lifetimes' likelihood refined.
  assert.ok(fit.logLikelihood >= ref.bgnbd_log_likelihood - 1e-9);
  const refined = ref.refined.bgnbd as BGNBDParams;
  for (const key of ["r", "alpha", "a", "b"] as const) {
    const rel = Math.abs(fit.params[key] - refined[key]) / refined[key];
    assert.ok(rel < 1e-8, `${key}: ${fit.params[key]} against ${refined[key]}`);
  }
});

Deno.test("Gamma-Gamma on CDNOW's 946 repeat buyers: the paper's p, q, γ", () => {
  const fit = fitGammaGamma(history.frequency, value);
  assert.equal(fit.warning, undefined);
  assert.equal(fit.repeatBuyers, 946);
  // Fader & Hardie (2013): p = 6.25, q = 3.74, γ = 15.44.
  assert.equal(fit.params.p.toFixed(2), "6.25");
  assert.equal(fit.params.q.toFixed(2), "3.74");
  assert.equal(fit.params.gamma.toFixed(2), "15.44");
  assert.ok(Math.abs(fit.frequencyValueCorrelation - ref.frequency_value_correlation) < 1e-12);
  assert.ok(fit.logLikelihood >= ref.gamma_gamma_log_likelihood - 1e-9);
  const refined = gg(ref.refined);
  for (const key of ["p", "q", "gamma"] as const) {
    const rel = Math.abs(fit.params[key] - refined[key]) / refined[key];
    assert.ok(rel < 1e-8, `${key}: ${fit.params[key]} against ${refined[key]}`);
  }
  const reps = Float64Array.from(history.frequency).filter((x) => x > 0);
  const vals = value.filter((_, i) => history.frequency[i]! > 0);
  const { value: ll } = gammaGammaLogLikelihood(gg(ref.lifetimes_fit), reps, vals);
  assert.ok(Math.abs(ll - ref.gamma_gamma_log_likelihood) < 1e-9 * Math.abs(ll));
});

Deno.test("per-customer figures at lifetimes' parameters equal lifetimes' to 1e-9", () => {
  for (const figures of [ref.lifetimes_fit, ref.refined] as Figures[]) {
    assertFigures(ourFigures(figures.bgnbd, gg(figures)), figures, 1e-9);
  }
});

Deno.test("per-customer figures from our own fits equal lifetimes' at the likelihood maximum to 1e-6", () => {
  const bg = fitBGNBD(history).params;
  const g = fitGammaGamma(history.frequency, value).params;
  assertFigures(ourFigures(bg, g), ref.refined, 1e-6);
  // lifetimes' own BFGS stops ~1e-6 short of the maximum: its figures are within 5e-6.
  assertFigures(ourFigures(bg, g), ref.lifetimes_fit, 5e-6);
});

Deno.test("bad fits say so in one line", () => {
  const none = fitBGNBD({
    frequency: Float64Array.of(0, 0, 0),
    recency: Float64Array.of(0, 0, 0),
    T: Float64Array.of(5, 6, 7),
  });
  assert.match(none.warning ?? "", /^BG\/NBD: no customer .* bought twice/);
  assert.ok(!none.warning!.includes("\n"));
  const few = fitGammaGamma(Float64Array.of(1, 2, 0), Float64Array.of(10, 20, 0));
  assert.match(few.warning ?? "", /^Gamma-Gamma: only 2 repeat buyers/);
  // Forty customers buying on a tight schedule with near-constant spend: the fits run off to the
  // edge of the parameter space, and say so.
  const x = Float64Array.from({ length: 40 }, (_, i) => i % 5);
  const edgeBG = fitBGNBD({
    frequency: x,
    recency: Float64Array.from({ length: 40 }, (_, i) => (i % 5) * 30 + (i % 5 > 0 ? i : 0)),
    T: new Float64Array(40).fill(300),
  });
  assert.match(edgeBG.warning ?? "", /^BG\/NBD: the fit on the customer summary ran to the edge/);
  const edgeGG = fitGammaGamma(x, Float64Array.from({ length: 40 }, (_, i) => 20 + (i % 7)));
  assert.match(edgeGG.warning ?? "", /^Gamma-Gamma: the fit on .* ran to the edge/);
  for (const w of [edgeBG.warning!, edgeGG.warning!]) assert.ok(!w.includes("\n"));
  assert.throws(
    () => fitGammaGamma(Float64Array.of(1, 2), Float64Array.of(10, -3)),
    /row 2: the mean value of the repeat purchases is -3, not positive/,
  );
  assert.throws(
    () =>
      fitBGNBD({
        frequency: Float64Array.of(1),
        recency: Float64Array.of(9),
        T: Float64Array.of(3),
      }),
    /row 1: recency is larger than T/,
  );
});

Deno.test("every customer buying at one rate: r and α in the trillions still give rate × days, not a cancelled log", () => {
  // The fit a file of uniform buyers gives (no spread in rates, no dropout): the Gamma of
  // rates is a point at r / α, so a customer expects (r + x) / (α + T) purchases a day.
  const params: BGNBDParams = { r: 5.15e11, alpha: 1.584e13, a: 1.25e-10, b: 1.58e8 };
  for (const [x, recency, T] of [[3, 90, 100], [0, 0, 40], [12, 120, 121]] as const) {
    const expected = ((params.r + x) / (params.alpha + T)) * 365;
    const got = conditionalExpectedPurchases(params, 365, x, recency, T);
    assert.ok(Math.abs(got / expected - 1) < 1e-6, `x ${x}: ${got} against ${expected}`);
    assert.ok(probabilityAlive(params, x, recency, T) > 1 - 1e-6);
  }
  const newCustomer = expectedPurchasesNewCustomer(params, 365);
  assert.ok(Math.abs(newCustomer / ((params.r / params.alpha) * 365) - 1) < 1e-6, `${newCustomer}`);
});
