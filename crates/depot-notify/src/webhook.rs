//! One POST to a webhook, and what its answer means: any 2xx is taken, except a group robot's
//! answer whose `errcode` is not 0 (WeCom and DingTalk answer 200 to a message they refuse).

use std::time::Duration;

use depot_domain::notify::Channel;

use crate::Failure;

/// How long a webhook may take to answer before the delivery counts as failed.
const TIMEOUT: Duration = Duration::from_secs(30);

/// How much of a refusing server's answer is kept to say why.
const BODY_KEPT: usize = 200;

/// Posts `body` (JSON) to `url`; a robot's channel reads the answer's `errcode`.
pub fn post(channel: Channel, url: &str, body: &[u8]) -> Result<(), Failure> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .http_status_as_error(false)
        .build()
        .into();
    let mut answer = agent
        .post(url)
        .header("Content-Type", "application/json; charset=utf-8")
        .send(body)
        .map_err(|e| Failure::Transport(e.to_string()))?;
    let status = answer.status().as_u16();
    let text = answer
        .body_mut()
        .with_config()
        .limit(64 * 1024)
        .read_to_string()
        .unwrap_or_default();
    if !(200..300).contains(&status) {
        return Err(Failure::Status {
            status,
            body: text.chars().take(BODY_KEPT).collect(),
        });
    }
    if matches!(channel, Channel::WeCom | Channel::DingTalk) {
        robot_answer(&text)?;
    }
    Ok(())
}

/// A group robot's answer: `{"errcode": 0, "errmsg": "ok"}` when it took the message.
fn robot_answer(text: &str) -> Result<(), Failure> {
    let v: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
    match v.get("errcode").and_then(serde_json::Value::as_i64) {
        Some(0) => Ok(()),
        code => Err(Failure::Robot {
            code: code.unwrap_or(-1),
            message: v
                .get("errmsg")
                .and_then(serde_json::Value::as_str)
                .unwrap_or(text)
                .chars()
                .take(BODY_KEPT)
                .collect(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_robot_answer_is_taken_only_with_errcode_0() {
        assert_eq!(robot_answer(r#"{"errcode":0,"errmsg":"ok"}"#), Ok(()));
        assert_eq!(
            robot_answer(r#"{"errcode":93000,"errmsg":"invalid webhook url"}"#),
            Err(Failure::Robot {
                code: 93000,
                message: "invalid webhook url".into()
            })
        );
        assert!(matches!(
            robot_answer("not json"),
            Err(Failure::Robot { code: -1, .. })
        ));
    }
}
