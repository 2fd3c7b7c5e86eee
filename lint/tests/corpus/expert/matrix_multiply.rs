//! Dense matrix multiplication, rows split across scoped threads.

use std::ops::{Index, IndexMut};
use std::thread;

#[derive(Clone, Debug, PartialEq)]
pub struct Matrix {
    rows: usize,
    cols: usize,
    data: Vec<f64>,
}

impl Matrix {
    pub fn zeros(rows: usize, cols: usize) -> Self {
        Matrix {
            rows,
            cols,
            data: vec![0.0; rows * cols],
        }
    }

    pub fn identity(n: usize) -> Self {
        let mut m = Matrix::zeros(n, n);
        for i in 0..n {
            m[(i, i)] = 1.0;
        }
        m
    }

    pub fn from_fn(rows: usize, cols: usize, f: impl Fn(usize, usize) -> f64) -> Self {
        let data = (0..rows * cols).map(|k| f(k / cols, k % cols)).collect();
        Matrix { rows, cols, data }
    }

    pub fn par_mul(&self, other: &Matrix, threads: usize) -> Matrix {
        assert_eq!(self.cols, other.rows, "shapes do not match");
        let mut out = Matrix::zeros(self.rows, other.cols);
        let rows_per_thread = self.rows.div_ceil(threads.max(1)).max(1);
        let out_cols = other.cols;
        thread::scope(|s| {
            for (band, out_rows) in out.data.chunks_mut(rows_per_thread * out_cols).enumerate() {
                s.spawn(move || {
                    let first_row = band * rows_per_thread;
                    for (r, out_row) in out_rows.chunks_mut(out_cols).enumerate() {
                        let i = first_row + r;
                        for (j, cell) in out_row.iter_mut().enumerate() {
                            *cell = (0..self.cols).map(|k| self[(i, k)] * other[(k, j)]).sum();
                        }
                    }
                });
            }
        });
        out
    }
}

impl Index<(usize, usize)> for Matrix {
    type Output = f64;
    fn index(&self, (r, c): (usize, usize)) -> &f64 {
        &self.data[r * self.cols + c]
    }
}

impl IndexMut<(usize, usize)> for Matrix {
    fn index_mut(&mut self, (r, c): (usize, usize)) -> &mut f64 {
        &mut self.data[r * self.cols + c]
    }
}

fn main() {
    let a = Matrix::from_fn(64, 48, |i, j| (i + 2 * j) as f64);
    let product = a.par_mul(&Matrix::identity(48), 4);
    assert_eq!(product, a);
    println!("{}x{} product checks out", product.rows, product.cols);
}
