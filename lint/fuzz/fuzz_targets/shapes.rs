//! Programs in the lesson's shapes (threads spawned in loops and scopes,
//! joins, locks and guards, atomics, channels, `static mut`, helpers called
//! from threads), built from the fuzzer's bytes with `arbitrary`, written
//! out as Rust and given to the analyzer: they reach deep into the model,
//! where random bytes rarely parse.
#![no_main]

mod common;

use std::fmt::Write;

use arbitrary::Arbitrary;

const NAMES: [&str; 10] = [
    "counter", "c", "data", "h", "handles", "tx", "rx", "guard", "total", "self",
];
const FNS: [&str; 4] = ["main", "work", "helper", "run"];
const METHODS: [&str; 12] = [
    "lock",
    "unwrap",
    "clone",
    "join",
    "load",
    "store",
    "fetch_add",
    "read",
    "write",
    "send",
    "recv",
    "push",
];
const TYPES: [&str; 8] = [
    "Arc<Mutex<i32>>",
    "&Mutex<Vec<u8>>",
    "AtomicUsize",
    "&AtomicUsize",
    "JoinHandle<()>",
    "Sender<u8>",
    "RwLock<i32>",
    "u64",
];

#[derive(Arbitrary, Debug)]
struct Name(u8);

impl Name {
    fn get(&self) -> &'static str {
        NAMES[self.0 as usize % NAMES.len()]
    }
}

#[derive(Arbitrary, Debug)]
enum Expr {
    Name(Name),
    Lit(u8),
    ArcNew(Box<Expr>),
    MutexNew(Box<Expr>),
    Atomic,
    ArcClone(Name),
    Method(Box<Expr>, u8, Vec<Expr>),
    Binary(Box<Expr>, bool, Box<Expr>),
    Channel,
    Spawn {
        moved: bool,
        scoped: bool,
        body: Vec<Stmt>,
    },
    Closure(Vec<Stmt>),
    Deref(Box<Expr>),
    Ref(Box<Expr>),
    Block(Vec<Stmt>, Box<Expr>),
    Call(u8, Vec<Expr>),
    Field(Box<Expr>, Name),
    Try(Box<Expr>),
}

#[derive(Arbitrary, Debug)]
enum Stmt {
    Let {
        name: Name,
        mutable: bool,
        init: Expr,
    },
    Expr(Expr),
    Assign {
        target: Expr,
        add: bool,
        value: Expr,
    },
    For {
        var: Name,
        count: u8,
        body: Vec<Stmt>,
    },
    While {
        cond: Expr,
        body: Vec<Stmt>,
    },
    If {
        cond: Expr,
        then: Vec<Stmt>,
        otherwise: Vec<Stmt>,
    },
    IfLet {
        value: Expr,
        body: Vec<Stmt>,
        otherwise: Vec<Stmt>,
    },
    Match {
        value: Expr,
        arms: Vec<Vec<Stmt>>,
    },
    Scope(Vec<Stmt>),
    Drop(Name),
    Unsafe(Vec<Stmt>),
    Return(Option<Expr>),
    Break,
}

#[derive(Arbitrary, Debug)]
enum Item {
    Fn {
        name: u8,
        params: Vec<(Name, u8)>,
        body: Vec<Stmt>,
    },
    Static {
        name: Name,
        mutable: bool,
        ty: u8,
    },
    Impl {
        methods: Vec<(u8, Vec<Stmt>)>,
    },
    Struct {
        fields: Vec<(Name, u8)>,
    },
}

#[derive(Arbitrary, Debug)]
struct Program {
    items: Vec<Item>,
}

fn expr(e: &Expr, out: &mut String) {
    match e {
        Expr::Name(n) => out.push_str(n.get()),
        Expr::Lit(v) => write!(out, "{v}").unwrap(),
        Expr::ArcNew(inner) => wrap("Arc::new(", inner, ")", out),
        Expr::MutexNew(inner) => wrap("Mutex::new(", inner, ")", out),
        Expr::Atomic => out.push_str("AtomicUsize::new(0)"),
        Expr::ArcClone(n) => write!(out, "Arc::clone(&{})", n.get()).unwrap(),
        Expr::Method(receiver, m, args) => {
            expr(receiver, out);
            write!(out, ".{}(", METHODS[*m as usize % METHODS.len()]).unwrap();
            list(args, out);
            out.push(')');
        }
        Expr::Binary(a, add, b) => {
            expr(a, out);
            out.push_str(if *add { " + " } else { " == " });
            expr(b, out);
        }
        Expr::Channel => out.push_str("mpsc::channel()"),
        Expr::Spawn {
            moved,
            scoped,
            body,
        } => {
            out.push_str(if *scoped {
                "s.spawn("
            } else {
                "thread::spawn("
            });
            if *moved {
                out.push_str("move ");
            }
            out.push_str("|| {\n");
            block(body, out);
            out.push_str("})");
        }
        Expr::Closure(body) => {
            out.push_str("|| {\n");
            block(body, out);
            out.push('}');
        }
        Expr::Deref(inner) => wrap("*", inner, "", out),
        Expr::Ref(inner) => wrap("&", inner, "", out),
        Expr::Block(body, tail) => {
            out.push_str("{\n");
            block(body, out);
            expr(tail, out);
            out.push_str("\n}");
        }
        Expr::Call(f, args) => {
            write!(out, "{}(", FNS[*f as usize % FNS.len()]).unwrap();
            list(args, out);
            out.push(')');
        }
        Expr::Field(inner, name) => {
            expr(inner, out);
            write!(out, ".{}", name.get()).unwrap();
        }
        Expr::Try(inner) => wrap("", inner, "?", out),
    }
}

fn wrap(before: &str, inner: &Expr, after: &str, out: &mut String) {
    out.push_str(before);
    expr(inner, out);
    out.push_str(after);
}

fn list(args: &[Expr], out: &mut String) {
    for (i, arg) in args.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        expr(arg, out);
    }
}

fn block(body: &[Stmt], out: &mut String) {
    for s in body {
        stmt(s, out);
    }
}

fn stmt(s: &Stmt, out: &mut String) {
    match s {
        Stmt::Let {
            name,
            mutable,
            init,
        } => {
            write!(
                out,
                "let {}{} = ",
                if *mutable { "mut " } else { "" },
                name.get()
            )
            .unwrap();
            expr(init, out);
            out.push_str(";\n");
        }
        Stmt::Expr(e) => {
            expr(e, out);
            out.push_str(";\n");
        }
        Stmt::Assign { target, add, value } => {
            expr(target, out);
            out.push_str(if *add { " += " } else { " = " });
            expr(value, out);
            out.push_str(";\n");
        }
        Stmt::For { var, count, body } => {
            write!(out, "for {} in 0..{count} {{\n", var.get()).unwrap();
            block(body, out);
            out.push_str("}\n");
        }
        Stmt::While { cond, body } => {
            out.push_str("while ");
            expr(cond, out);
            out.push_str(" {\n");
            block(body, out);
            out.push_str("}\n");
        }
        Stmt::If {
            cond,
            then,
            otherwise,
        } => {
            out.push_str("if ");
            expr(cond, out);
            out.push_str(" {\n");
            block(then, out);
            out.push_str("} else {\n");
            block(otherwise, out);
            out.push_str("}\n");
        }
        Stmt::IfLet {
            value,
            body,
            otherwise,
        } => {
            out.push_str("if let Ok(guard) = ");
            expr(value, out);
            out.push_str(" {\n");
            block(body, out);
            out.push_str("} else {\n");
            block(otherwise, out);
            out.push_str("}\n");
        }
        Stmt::Match { value, arms } => {
            out.push_str("match ");
            expr(value, out);
            out.push_str(" {\n");
            for (i, arm) in arms.iter().enumerate() {
                write!(out, "{i} => {{\n").unwrap();
                block(arm, out);
                out.push_str("}\n");
            }
            out.push_str("_ => {}\n}\n");
        }
        Stmt::Scope(body) => {
            out.push_str("thread::scope(|s| {\n");
            block(body, out);
            out.push_str("});\n");
        }
        Stmt::Drop(name) => writeln!(out, "drop({});", name.get()).unwrap(),
        Stmt::Unsafe(body) => {
            out.push_str("unsafe {\n");
            block(body, out);
            out.push_str("}\n");
        }
        Stmt::Return(value) => {
            out.push_str("return");
            if let Some(value) = value {
                out.push(' ');
                expr(value, out);
            }
            out.push_str(";\n");
        }
        Stmt::Break => out.push_str("break;\n"),
    }
}

fn program(p: &Program) -> String {
    let mut out = String::from(
        "use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};\n\
         use std::sync::mpsc::{self, Sender};\n\
         use std::sync::{Arc, Mutex, RwLock};\n\
         use std::thread::{self, JoinHandle};\n\n",
    );
    for item in &p.items {
        match item {
            Item::Fn { name, params, body } => {
                write!(out, "fn {}(", FNS[*name as usize % FNS.len()]).unwrap();
                for (i, (param, ty)) in params.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    write!(
                        out,
                        "{}: {}",
                        param.get(),
                        TYPES[*ty as usize % TYPES.len()]
                    )
                    .unwrap();
                }
                out.push_str(") {\n");
                block(body, &mut out);
                out.push_str("}\n\n");
            }
            Item::Static { name, mutable, ty } => {
                writeln!(
                    out,
                    "static {}{}: {} = AtomicUsize::new(0);",
                    if *mutable { "mut " } else { "" },
                    name.get().to_uppercase(),
                    TYPES[*ty as usize % TYPES.len()]
                )
                .unwrap();
            }
            Item::Impl { methods } => {
                out.push_str("impl Shared {\n");
                for (name, body) in methods {
                    writeln!(out, "fn {}(&self) {{", FNS[*name as usize % FNS.len()]).unwrap();
                    block(body, &mut out);
                    out.push_str("}\n");
                }
                out.push_str("}\n\n");
            }
            Item::Struct { fields } => {
                out.push_str("struct Shared {\n");
                for (name, ty) in fields {
                    writeln!(
                        out,
                        "{}: {},",
                        name.get(),
                        TYPES[*ty as usize % TYPES.len()]
                    )
                    .unwrap();
                }
                out.push_str("}\n\n");
            }
        }
    }
    out
}

libfuzzer_sys::fuzz_target!(|p: Program| {
    let text = program(&p);
    // `RACELINT_FUZZ_PRINT=1 cargo fuzz run shapes INPUT` shows the program.
    static PRINT: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if *PRINT.get_or_init(|| std::env::var_os("RACELINT_FUZZ_PRINT").is_some()) {
        eprintln!("{text}");
    }
    common::check(&text);
});
