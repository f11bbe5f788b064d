/**
 * Reasoning problems the campaigns harvest, drawn from generators with random parameters (so a
 * bank of thousands never repeats a statement): counting, number theory, probability, geometry,
 * calculus, recurrences, Bayesian updates, physics and chemistry, estimation, and logic puzzles
 * with named people. Each comes with its answer where one is cheap to compute (the multilingual
 * campaign and the tutoring look-alikes supply it and ask for the derivation).
 */
import type { Rng } from '../rng.ts';

export interface Problem {
  readonly text: string;
  /** The answer, when the generator knows it. */
  readonly answer?: string;
  /** A short topic label. */
  readonly topic: string;
}

const NAMES = [
  'Aiko',
  'Bruno',
  'Chidi',
  'Dana',
  'Emeka',
  'Farah',
  'Goran',
  'Hana',
  'Ines',
  'Jonas',
  'Kemal',
  'Lior',
  'Mei',
  'Nadia',
  'Oskar',
  'Priya',
  'Quentin',
  'Rosa',
  'Sven',
  'Tariq',
  'Uma',
  'Viktor',
  'Wen',
  'Ximena',
  'Yusuf',
  'Zofia',
];

function factorial(n: number): number {
  let out = 1;
  for (let i = 2; i <= n; i++) out *= i;
  return out;
}

function choose(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let out = 1;
  for (let i = 1; i <= k; i++) out = (out * (n - k + i)) / i;
  return Math.round(out);
}

function modPow(base: number, exp: number, mod: number): number {
  let result = 1;
  let b = base % mod;
  let e = exp;
  while (e > 0) {
    if (e % 2 === 1) result = (result * b) % mod;
    b = (b * b) % mod;
    e = Math.floor(e / 2);
  }
  return result;
}

function divisorCount(n: number): number {
  let count = 0;
  for (let d = 1; d * d <= n; d++) if (n % d === 0) count += d * d === n ? 1 : 2;
  return count;
}

const round = (value: number, digits = 4): string => String(Number(value.toFixed(digits)));

type Make = (rng: Rng) => Problem;

const MAKERS: readonly Make[] = [
  (rng) => {
    const n = rng.int(6, 11);
    const [a, b] = [rng.pick(NAMES), rng.pick(NAMES.slice(13))];
    return {
      topic: 'combinatorics',
      text: `${n} people sit around a round table. ${a} and ${b} refuse to sit next to each other. How many seatings are possible (rotations count as the same)?`,
      answer: String(factorial(n - 1) - 2 * factorial(n - 2)),
    };
  },
  (rng) => {
    const [a, b, m] = [rng.int(3, 29), rng.int(100, 9_999), rng.pick([7, 11, 13, 17, 19, 23, 97])];
    return {
      topic: 'number theory',
      text: `What is the remainder when ${a}^${b} is divided by ${m}?`,
      answer: String(modPow(a, b, m)),
    };
  },
  (rng) => {
    const [red, blue, draw] = [rng.int(4, 9), rng.int(3, 8), rng.int(3, 5)];
    const k = rng.int(1, Math.min(draw, red));
    const p = (choose(red, k) * choose(blue, draw - k)) / choose(red + blue, draw);
    return {
      topic: 'probability',
      text: `An urn holds ${red} red and ${blue} blue marbles. ${draw} are drawn without replacement. What is the probability that exactly ${k} are red?`,
      answer: round(p),
    };
  },
  (rng) => {
    const a = rng.int(5, 20);
    const b = rng.int(5, 20);
    const c = rng.int(Math.abs(a - b) + 1, a + b - 1);
    const s = (a + b + c) / 2;
    return {
      topic: 'geometry',
      text: `A triangle has sides ${a}, ${b} and ${c}. Find its area and the radius of its inscribed circle.`,
      answer: round(Math.sqrt(s * (s - a) * (s - b) * (s - c)), 3),
    };
  },
  (rng) => {
    const n = rng.int(2_000, 99_999);
    return {
      topic: 'number theory',
      text: `How many positive divisors does ${n} have, and what is their sum?`,
      answer: String(divisorCount(n)),
    };
  },
  (rng) => {
    const [length, cost] = [rng.int(80, 600), rng.int(2, 9)];
    return {
      topic: 'optimisation',
      text: `A farmer has ${length} m of fencing to enclose a rectangular field along a straight river (no fence needed on the river side). Fencing costs $${cost}/m. What dimensions maximise the area, and what is that area?`,
      answer: `${length / 4} m by ${length / 2} m, ${(length * length) / 8} m²`,
    };
  },
  (rng) => {
    const [a, b, c] = [rng.int(2, 9), rng.int(2, 12), rng.int(3, 15)];
    return {
      topic: 'rates',
      text: `Pipe A fills a tank in ${a} hours, pipe B in ${b} hours, and a drain empties it in ${c} hours. Starting empty with all three open, how long until the tank is full?`,
      answer: round(1 / (1 / a + 1 / b - 1 / c), 3),
    };
  },
  (rng) => {
    const [p, s, t] = [
      rng.pick([0.001, 0.005, 0.01, 0.02]),
      rng.pick([0.9, 0.95, 0.99]),
      rng.pick([0.9, 0.95, 0.98]),
    ];
    const posterior = (p * s) / (p * s + (1 - p) * (1 - t));
    return {
      topic: 'bayes',
      text: `A condition affects ${p * 100}% of people. A test has sensitivity ${s * 100}% and specificity ${t * 100}%. Someone tests positive. What is the probability they have the condition? What if they test positive twice, independently?`,
      answer: round(posterior),
    };
  },
  (rng) => {
    const [p, q, a0] = [rng.int(2, 5), rng.int(1, 9), rng.int(0, 6)];
    return {
      topic: 'recurrences',
      text: `Solve the recurrence a(n) = ${p}·a(n−1) + ${q} with a(0) = ${a0}. Give a closed form and prove it by induction.`,
      answer: `a(n) = (${a0} + ${q}/${p - 1})·${p}^n − ${q}/${p - 1}`,
    };
  },
  (rng) => {
    const [right, down] = [rng.int(4, 8), rng.int(4, 8)];
    const [x, y] = [rng.int(1, right - 1), rng.int(1, down - 1)];
    const all = choose(right + down, down);
    const through = choose(x + y, y) * choose(right - x + down - y, down - y);
    return {
      topic: 'combinatorics',
      text: `On a grid, how many shortest lattice paths go from (0,0) to (${right},${down}) without passing through the point (${x},${y})?`,
      answer: String(all - through),
    };
  },
  (rng) => {
    const target = rng.int(4, 9);
    return {
      topic: 'expectation',
      text: `You roll a fair die repeatedly and add up the results. What is the expected number of rolls until the running total is at least ${target}?`,
    };
  },
  (rng) => {
    const [v, angle, h] = [rng.int(10, 45), rng.pick([25, 30, 37, 45, 53, 60]), rng.int(0, 30)];
    return {
      topic: 'mechanics',
      text: `A ball is launched at ${v} m/s at ${angle}° above the horizontal from a cliff ${h} m high. Ignoring air resistance (g = 9.81 m/s²), find the time of flight, the horizontal range and the speed at impact.`,
    };
  },
  (rng) => {
    const [mass, angle, mu] = [
      rng.int(2, 40),
      rng.pick([20, 25, 30, 35, 40]),
      rng.pick([0.1, 0.15, 0.2, 0.3]),
    ];
    return {
      topic: 'mechanics',
      text: `A ${mass} kg block slides down a ${angle}° incline with coefficient of kinetic friction ${mu}. Find its acceleration and the force the incline exerts on it.`,
      answer: round(
        9.81 * (Math.sin((angle * Math.PI) / 180) - mu * Math.cos((angle * Math.PI) / 180)),
        3,
      ),
    };
  },
  (rng) => {
    const [grams, compound] = [
      rng.int(5, 250),
      rng.pick(['glucose', 'propane', 'ethanol', 'methane', 'octane']),
    ];
    return {
      topic: 'stoichiometry',
      text: `${grams} g of ${compound} burns completely in excess oxygen. How many grams of CO₂ and of water are produced? Balance the equation first.`,
    };
  },
  (rng) => {
    const city = rng.pick([
      'Lyon',
      'Osaka',
      'Porto Alegre',
      'Leeds',
      'Pune',
      'Kraków',
      'Denver',
      'Izmir',
    ]);
    const what = rng.pick([
      'piano tuners',
      'litres of coffee drunk per day',
      'dentists',
      'bicycles',
      'wedding photographers',
      'tonnes of bread baked per week',
    ]);
    return {
      topic: 'estimation',
      text: `Estimate the number of ${what} in ${city}. State every assumption with a number, combine them, and give a range.`,
    };
  },
  (rng) => {
    const [principal, rate, years] = [
      rng.int(2, 90) * 1_000,
      rng.pick([3, 4.5, 5, 6.25, 7]),
      rng.int(5, 30),
    ];
    return {
      topic: 'finance',
      text: `A loan of $${principal} at ${rate}% a year, compounded monthly, is repaid in equal monthly instalments over ${years} years. Find the instalment and the total interest paid.`,
    };
  },
  (rng) => {
    const piles = Array.from({ length: rng.int(3, 4) }, () => rng.int(1, 15));
    const xor = piles.reduce((a, b) => a ^ b, 0);
    return {
      topic: 'game theory',
      text: `In Nim with piles ${piles.join(', ')}, it is your move. Is this a winning position? If so, give a winning move and explain why it wins.`,
      answer: xor === 0 ? 'losing position' : 'winning position',
    };
  },
  (rng) => {
    const [k, a] = [rng.int(2, 5), rng.int(1, 4)];
    return {
      topic: 'calculus',
      text: `Evaluate the integral of x^${k} · e^(${a}x) from 0 to 1 exactly.`,
    };
  },
  (rng) => {
    const n = rng.int(3, 7);
    return {
      topic: 'inequalities',
      text: `Prove that for positive reals x1, …, x${n} with product 1, the sum of xi²/(1 + xi) is at least ${n}/2. When does equality hold?`,
    };
  },
  (rng) => {
    const [coins, fake] = [
      rng.pick([8, 9, 12, 13, 27, 39]),
      rng.pick(['lighter', 'heavier', 'either lighter or heavier']),
    ];
    return {
      topic: 'puzzles',
      text: `Among ${coins} coins one is counterfeit and ${fake} than the rest. With a balance scale, what is the minimum number of weighings that always finds it? Give the strategy.`,
    };
  },
  (rng) => {
    const people = [rng.pick(NAMES), rng.pick(NAMES), rng.pick(NAMES)];
    const [a, b, c] = people;
    const claims = [
      `${a} says: "${b} is a knave."`,
      `${b} says: "${a} and ${c} are of the same kind."`,
      `${c} says: "${rng.pick(['I am a knight', `${a} is a knight`, `exactly one of us is a knight`])}."`,
    ];
    return {
      topic: 'logic',
      text: `On an island every inhabitant is a knight (always truthful) or a knave (always lying). ${claims.join(' ')} Determine who is what.`,
    };
  },
  (rng) => {
    const people = [...new Set(Array.from({ length: 6 }, () => rng.pick(NAMES)))].slice(0, 5);
    const [a, b, c, d] = people;
    return {
      topic: 'logic',
      text: `${people.join(', ')} give talks on five consecutive days, one each. ${a} speaks before ${b}. ${c} is not on Monday or Friday. ${d ?? a} speaks the day after ${c}. ${b} is not on Wednesday. In how many orders can the week go, and which are they?`,
    };
  },
  (rng) => {
    const [n, m] = [rng.int(3, 6), rng.int(2, 4)];
    return {
      topic: 'linear algebra',
      text: `Let A be the ${n}×${n} matrix with ${m} on the diagonal and 1 everywhere else. Find its eigenvalues with multiplicities, its determinant, and its inverse.`,
      answer: `eigenvalues ${m - 1 + n} (once) and ${m - 1} (${n - 1} times)`,
    };
  },
  (rng) => {
    const [p, q] = [rng.int(2, 6), rng.int(7, 15)];
    return {
      topic: 'graph theory',
      text: `How many spanning trees does the complete bipartite graph K(${p},${q}) have? Derive the formula you use.`,
      answer: String(p ** (q - 1) * q ** (p - 1)),
    };
  },
];

/** A random reasoning problem. */
export function problem(rng: Rng): Problem {
  return rng.pick(MAKERS)(rng);
}

/** A problem that comes with an answer (drawn until one does). */
export function answeredProblem(rng: Rng): Problem & { readonly answer: string } {
  for (;;) {
    const drawn = problem(rng);
    if (drawn.answer !== undefined) return { ...drawn, answer: drawn.answer };
  }
}
