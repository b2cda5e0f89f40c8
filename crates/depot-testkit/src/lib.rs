//! Support shared by depot's integration tests (a dev-dependency only): the `depot` binary run
//! against a temporary database ([`cli`]), the sample register's rows, contexts and stores
//! ([`register`]), one test body run on both engines ([`engines`], [`on_both_engines!`]), and a
//! terminal driven through tmux ([`tmux`]), several `depot scan` terminals on one PostgreSQL
//! database ([`terminals`]), README's PostgreSQL recipe and a place to run it ([`recipe`]).

// A helper that cannot do its work fails the test that called it, loudly and at once.
#![allow(clippy::unwrap_used)]

pub mod cli;
pub mod engines;
pub mod recipe;
pub mod register;
pub mod terminals;
pub mod tmux;
pub mod webhook;
