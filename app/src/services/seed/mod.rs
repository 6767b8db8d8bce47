//! Bodies made for trying and measuring Écoute: the demo body (loaded, and
//! removed as a whole) and the benchmark generator. Both only ever load into
//! an empty database.

pub mod demo;
pub mod generator;
pub mod removal;
