//! Geometry shared by the charts: axis ticks and labels that never overlap.

/// An axis-aligned box in pixels: left, top, right, bottom.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x0: f64,
    /// Top edge.
    pub y0: f64,
    /// Right edge.
    pub x1: f64,
    /// Bottom edge.
    pub y1: f64,
}

impl Rect {
    /// The box with corners (x0, y0) and (x1, y1).
    pub fn new(x0: f64, y0: f64, x1: f64, y1: f64) -> Rect {
        Rect { x0, y0, x1, y1 }
    }

    /// True when the boxes share any area.
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    /// True when `o` lies inside this box.
    pub fn contains(&self, o: &Rect) -> bool {
        o.x0 >= self.x0 && o.x1 <= self.x1 && o.y0 >= self.y0 && o.y1 <= self.y1
    }
}

/// Places point labels greedily: each label goes to the first of eight positions around
/// its point that stays on the canvas and clear of the points and the labels already
/// placed; a label with no free position is left out rather than drawn over another.
#[derive(Debug, Clone)]
pub struct LabelPlacer {
    bounds: Rect,
    taken: Vec<Rect>,
}

/// Where a placed label's text starts: its left edge and vertical centre.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placed {
    /// Left edge of the text.
    pub x: f64,
    /// Vertical centre of the text.
    pub y: f64,
}

impl LabelPlacer {
    /// A placer for labels inside `bounds`.
    pub fn new(bounds: Rect) -> LabelPlacer {
        LabelPlacer {
            bounds,
            taken: Vec::new(),
        }
    }

    /// Marks `r` as occupied (a point, a node, a legend).
    pub fn block(&mut self, r: Rect) {
        self.taken.push(r);
    }

    /// Finds room for a `w` × `h` label beside the point `(x, y)`, `gap` pixels away.
    pub fn place(&mut self, (x, y): (f64, f64), w: f64, h: f64, gap: f64) -> Option<Placed> {
        let candidates = [
            (x + gap, y - h / 2.0),             // right
            (x - gap - w, y - h / 2.0),         // left
            (x - w / 2.0, y - gap - h),         // above
            (x - w / 2.0, y + gap),             // below
            (x + gap * 0.7, y - gap * 0.7 - h), // upper right
            (x - gap * 0.7 - w, y - gap * 0.7 - h),
            (x + gap * 0.7, y + gap * 0.7),
            (x - gap * 0.7 - w, y + gap * 0.7),
        ];
        for (x0, y0) in candidates {
            let r = Rect::new(x0, y0, x0 + w, y0 + h);
            if self.bounds.contains(&r) && !self.taken.iter().any(|t| t.overlaps(&r)) {
                self.taken.push(r);
                return Some(Placed {
                    x: x0,
                    y: y0 + h / 2.0,
                });
            }
        }
        None
    }
}

/// Round tick values covering `[lo, hi]`: steps of 1, 2 or 5 × 10ᵏ, at most `max` ticks.
pub fn ticks(lo: f64, hi: f64, max: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) || max == 0 {
        return Vec::new();
    }
    if hi <= lo {
        return vec![lo];
    }
    let raw = (hi - lo) / max.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| (hi - lo) / s <= max as f64)
        .unwrap_or(10.0 * mag);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    (first..=last).map(|i| i as f64 * step).collect()
}

/// A tick label: as few decimals as the step needs.
pub fn tick_label(v: f64, step: f64) -> String {
    let decimals = if step >= 1.0 || step <= 0.0 {
        0
    } else {
        (-step.log10()).ceil() as usize
    };
    let s = format!("{v:.decimals$}");
    if s.starts_with('-') && s.trim_start_matches(['-', '0', '.']).is_empty() {
        s[1..].to_owned()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round() {
        assert_eq!(
            ticks(0.0, 1.0, 5),
            vec![0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]
        );
        assert_eq!(ticks(0.0, 100.0, 4), vec![0.0, 50.0, 100.0]);
        assert_eq!(ticks(3.0, 3.0, 4), vec![3.0]);
        assert_eq!(tick_label(0.6000000000000001, 0.2), "0.6");
        assert_eq!(tick_label(-0.0, 0.5), "0.0");
        assert_eq!(tick_label(50.0, 50.0), "50");
    }

    #[test]
    fn placer_never_overlaps_and_stays_inside() {
        let mut p = LabelPlacer::new(Rect::new(0.0, 0.0, 100.0, 100.0));
        let a = p.place((50.0, 50.0), 30.0, 10.0, 4.0).unwrap();
        assert_eq!(a, Placed { x: 54.0, y: 50.0 });
        // Same point again: the right side is taken, so the label goes left.
        let b = p.place((50.0, 50.0), 30.0, 10.0, 4.0).unwrap();
        assert_eq!(b, Placed { x: 16.0, y: 50.0 });
        // A label that cannot fit anywhere is dropped.
        assert!(p.place((50.0, 50.0), 200.0, 10.0, 4.0).is_none());
        // Near the right edge: goes left rather than off the canvas.
        let c = p.place((98.0, 10.0), 30.0, 10.0, 4.0).unwrap();
        assert!(c.x + 30.0 <= 100.0);
    }
}
