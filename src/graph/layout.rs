//! A force-directed layout (Fruchterman–Reingold with gravity), deterministic:
//! a fixed seed, a fixed number of iterations and only `+ − × ÷ √`, which
//! IEEE 754 rounds the same everywhere, so the same graph gets the same
//! coordinates on every machine.

use super::RelGraph;
use petgraph::visit::EdgeRef;

/// Coordinates of every node (by node index) inside a `width × height` canvas.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    pub positions: Vec<(f64, f64)>,
}

const ITERATIONS: usize = 500;
const SEED: u64 = 0x5EED_CA5E_6A4F;
/// Space left around the drawing for labels.
const MARGIN: f64 = 90.0;

/// Lays out `graph`. Node sizes are not known here: the canvas grows with the
/// number of nodes so that labels have room.
pub fn layout(graph: &RelGraph) -> Layout {
    let n = graph.node_count();
    let side = (180.0 * (n as f64).sqrt()).max(700.0);
    let (width, height) = (side * 1.25, side);
    if n == 0 {
        return Layout {
            width,
            height,
            positions: Vec::new(),
        };
    }
    let mut random = SplitMix(SEED);
    let mut pos: Vec<(f64, f64)> = (0..n)
        .map(|_| {
            (
                (random.unit() - 0.5) * width,
                (random.unit() - 0.5) * height,
            )
        })
        .collect();
    let edges: Vec<(usize, usize, f64)> = graph
        .graph
        .edge_references()
        .map(|e| {
            (
                e.source().index(),
                e.target().index(),
                (e.weight().weight as f64).sqrt(),
            )
        })
        .collect();
    // Ideal distance between nodes: the canvas shared out among them.
    let k = (width * height / n as f64).sqrt() * 0.75;
    let mut temperature = width / 8.0;
    let cooling = temperature / (ITERATIONS as f64 + 1.0);
    let mut shift = vec![(0.0, 0.0); n];
    for _ in 0..ITERATIONS {
        shift.iter_mut().for_each(|s| *s = (0.0, 0.0));
        for i in 0..n {
            for j in (i + 1)..n {
                let (dx, dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
                let d2 = (dx * dx + dy * dy).max(0.01);
                // k²/d along the unit vector (dx, dy)/d = k² (dx, dy)/d².
                let f = k * k / d2;
                shift[i].0 += dx * f;
                shift[i].1 += dy * f;
                shift[j].0 -= dx * f;
                shift[j].1 -= dy * f;
            }
        }
        for &(a, b, w) in &edges {
            let (dx, dy) = (pos[a].0 - pos[b].0, pos[a].1 - pos[b].1);
            let d = (dx * dx + dy * dy).sqrt().max(0.1);
            // d²/k along the unit vector = d (dx, dy)/k; heavier edges pull harder.
            let f = d * w / k;
            shift[a].0 -= dx * f;
            shift[a].1 -= dy * f;
            shift[b].0 += dx * f;
            shift[b].1 += dy * f;
        }
        for (p, s) in pos.iter_mut().zip(&mut shift) {
            // Gravity keeps separate components from drifting off the canvas.
            s.0 -= p.0 * 0.08 * k / width * 10.0;
            s.1 -= p.1 * 0.08 * k / height * 10.0;
            let length = (s.0 * s.0 + s.1 * s.1).sqrt();
            if length > 0.0 {
                let step = length.min(temperature);
                p.0 += s.0 / length * step;
                p.1 += s.1 / length * step;
            }
        }
        temperature -= cooling;
    }
    fit(pos, width, height)
}

/// Scales and moves the points into the canvas, keeping the aspect ratio.
fn fit(pos: Vec<(f64, f64)>, width: f64, height: f64) -> Layout {
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(x, y) in &pos {
        x0 = x0.min(x);
        y0 = y0.min(y);
        x1 = x1.max(x);
        y1 = y1.max(y);
    }
    let scale = ((width - 2.0 * MARGIN) / (x1 - x0).max(1.0))
        .min((height - 2.0 * MARGIN) / (y1 - y0).max(1.0));
    let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let positions = pos
        .into_iter()
        .map(|(x, y)| {
            (
                width / 2.0 + (x - cx) * scale,
                height / 2.0 + (y - cy) * scale,
            )
        })
        .collect();
    Layout {
        width,
        height,
        positions,
    }
}

/// SplitMix64: a tiny, well-mixed generator; here only for starting points.
struct SplitMix(u64);

impl SplitMix {
    fn unit(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}
