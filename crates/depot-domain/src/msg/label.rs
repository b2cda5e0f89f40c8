//! What a printed label says besides its codes and names: the marks of a lot.

crate::catalogue! { LabelMsg {
    /// A lot's line. A label speaks Chinese with the marks packaging prints the world over
    /// (LOT, EXP), whatever language the screen speaks: the printer uses the Chinese line.
    LotLine { number, expires } =>
        "LOT {number}  EXP {expires}"
        / "批号/LOT {number}  有效期/EXP {expires}",
}}
