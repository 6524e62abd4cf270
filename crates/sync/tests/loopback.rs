//! Real mutual TLS on loopback: a small HTTP/1.1 hub on tokio-rustls with [`tls::server_config`],
//! and [`HubClient`] (reqwest) or a bare rustls client talking to it. Nothing is mocked; the hub
//! reports every handshake so the tests can see what the server saw.

use std::io;
use std::sync::Arc;

use handschlag_api::{ApiError, ErrorCode};
use handschlag_sync::{Error, Fingerprint, HubClient, Identity, tls, wire};
use rustls::SignatureScheme;
use rustls::client::ResolvesClientCert;
use rustls::pki_types::ServerName;
use rustls::sign::CertifiedKey;
use serde::{Deserialize, Serialize};
use serde_json::json;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_rustls::server::TlsStream;
use tokio_rustls::{TlsAcceptor, TlsConnector};

/// A running test hub and what its handshakes produced: the client's fingerprint, or the error.
struct TestHub {
    address: String,
    fingerprint: Fingerprint,
    handshakes: mpsc::UnboundedReceiver<io::Result<Option<Fingerprint>>>,
}

async fn start_hub() -> TestHub {
    let identity = Identity::generate("hub").unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap().to_string();
    let acceptor = TlsAcceptor::from(tls::server_config(&identity).unwrap());
    let (sender, handshakes) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let (acceptor, sender) = (acceptor.clone(), sender.clone());
            tokio::spawn(async move {
                match acceptor.accept(tcp).await {
                    Ok(stream) => serve(stream, &sender).await,
                    Err(error) => drop(sender.send(Err(error))),
                }
            });
        }
    });
    let fingerprint = identity.fingerprint();
    TestHub {
        address,
        fingerprint,
        handshakes,
    }
}

/// Answers one request and closes the connection.
async fn serve(
    mut stream: TlsStream<TcpStream>,
    handshakes: &mpsc::UnboundedSender<io::Result<Option<Fingerprint>>>,
) {
    let peer = tls::peer_fingerprint(stream.get_ref().1);
    drop(handshakes.send(Ok(peer)));
    let (path, body) = read_request(&mut stream).await.unwrap();
    let (status, answer) = route(&path, peer, body);
    let head = format!(
        "HTTP/1.1 {status}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        answer.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&answer).await.unwrap();
    stream.shutdown().await.unwrap();
}

/// `/echo` returns the peer's fingerprint and the body (in the sync encoding), `/refuse` a hub
/// refusal (plain JSON, as the hub sends them), anything else a 500 with a body that is not JSON.
fn route(path: &str, peer: Option<Fingerprint>, body: Option<Greeting>) -> (&'static str, Vec<u8>) {
    match path {
        "/echo" => {
            let echo = Echo {
                peer: peer.map(|p| p.to_string()),
                body,
            };
            ("200 OK", wire::encode(&echo))
        }
        "/refuse" => {
            let refusal = json!({
                "code": "notPaired",
                "message": "this device is not paired; scan the pairing code again",
            });
            ("403 Forbidden", refusal.to_string().into_bytes())
        }
        _ => ("500 Internal Server Error", b"oops".to_vec()),
    }
}

/// Reads the request line's path and the body (none when it is not a greeting).
async fn read_request(stream: &mut TlsStream<TcpStream>) -> io::Result<(String, Option<Greeting>)> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).await?;
    let path = line.split(' ').nth(1).unwrap_or_default().to_owned();
    let mut length = 0;
    loop {
        line.clear();
        reader.read_line(&mut line).await?;
        let Some((name, value)) = line.trim_end().split_once(':') else {
            break;
        };
        if name.eq_ignore_ascii_case("content-length") {
            length = value.trim().parse().unwrap();
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).await?;
    Ok((path, wire::decode(&body).ok()))
}

/// What the tests send.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Greeting {
    hello: String,
}

/// What `/echo` answers.
#[derive(Debug, Serialize, Deserialize)]
struct Echo {
    peer: Option<String>,
    body: Option<Greeting>,
}

fn greeting() -> Greeting {
    Greeting {
        hello: "hub".into(),
    }
}

#[tokio::test]
async fn a_pinned_phone_reaches_the_hub_and_the_hub_sees_its_fingerprint() {
    let mut hub = start_hub().await;
    let phone = Identity::generate("phone").unwrap();
    let client = HubClient::new(&hub.address, &phone, hub.fingerprint).unwrap();

    let echo: Echo = client.post("/echo", &greeting()).await.unwrap();

    assert_eq!(echo.peer, Some(phone.fingerprint().to_string()));
    assert_eq!(echo.body, Some(greeting()));
    let seen = hub.handshakes.recv().await.unwrap().unwrap();
    assert_eq!(seen, Some(phone.fingerprint()));
}

#[tokio::test]
async fn a_phone_pinned_to_another_hub_refuses_to_talk() {
    let hub = start_hub().await;
    let phone = Identity::generate("phone").unwrap();
    let impostor = Identity::generate("impostor").unwrap().fingerprint();
    let client = HubClient::new(&hub.address, &phone, impostor).unwrap();

    let error = client
        .post::<_, Echo>("/echo", &greeting())
        .await
        .unwrap_err();

    assert!(matches!(error, Error::CertificateMismatch(_)), "{error:?}");
    assert_eq!(ApiError::from(error).code, ErrorCode::CertificateMismatch);
}

/// Presents no client certificate at all.
#[derive(Debug)]
struct NoCertificate;

impl ResolvesClientCert for NoCertificate {
    fn resolve(&self, _hints: &[&[u8]], _schemes: &[SignatureScheme]) -> Option<Arc<CertifiedKey>> {
        None
    }

    fn has_certs(&self) -> bool {
        false
    }
}

#[tokio::test]
async fn a_client_without_a_certificate_is_refused_by_the_hub() {
    let mut hub = start_hub().await;
    let phone = Identity::generate("phone").unwrap();
    let mut config =
        rustls::ClientConfig::clone(&tls::client_config(&phone, hub.fingerprint).unwrap());
    config.client_auth_cert_resolver = Arc::new(NoCertificate);
    let tcp = TcpStream::connect(&hub.address).await.unwrap();
    let name = ServerName::try_from("127.0.0.1").unwrap();

    let exchange = async {
        let mut stream = TlsConnector::from(Arc::new(config))
            .connect(name, tcp)
            .await?;
        stream.write_all(b"POST /echo HTTP/1.1\r\n\r\n").await?;
        stream.read(&mut [0; 64]).await
    };

    assert!(
        !matches!(exchange.await, Ok(read) if read > 0),
        "the hub answered"
    );
    let refusal = hub.handshakes.recv().await.unwrap().unwrap_err();
    let reason = refusal
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>());
    assert_eq!(reason, Some(&rustls::Error::NoCertificatesPresented));
}

#[tokio::test]
async fn the_hubs_refusal_reaches_the_caller_with_its_code_and_message() {
    let hub = start_hub().await;
    let phone = Identity::generate("phone").unwrap();
    let client = HubClient::new(&hub.address, &phone, hub.fingerprint).unwrap();

    let error = client
        .post::<_, Echo>("/refuse", &greeting())
        .await
        .unwrap_err();

    let Error::Hub(refusal) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(refusal.code, ErrorCode::NotPaired);
    assert_eq!(
        refusal.message,
        "this device is not paired; scan the pairing code again"
    );
    assert_eq!(error.to_string(), refusal.message);
    let kept = refusal.clone();
    assert_eq!(
        ApiError::from(error),
        kept,
        "the hub's kind reaches the API"
    );
}

#[tokio::test]
async fn an_error_status_without_an_explanation_is_reported_with_its_status() {
    let hub = start_hub().await;
    let phone = Identity::generate("phone").unwrap();
    let client = HubClient::new(&hub.address, &phone, hub.fingerprint).unwrap();

    let error = client
        .post::<_, Echo>("/crash", &greeting())
        .await
        .unwrap_err();

    assert!(matches!(error, Error::UnexpectedStatus(500)), "{error:?}");
}

#[tokio::test]
async fn a_hub_that_is_not_running_is_reported_unreachable() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap().to_string();
    drop(listener);
    let phone = Identity::generate("phone").unwrap();
    let client = HubClient::new(&address, &phone, phone.fingerprint()).unwrap();

    let error = client
        .post::<_, Echo>("/echo", &greeting())
        .await
        .unwrap_err();

    assert!(matches!(error, Error::Unreachable { .. }), "{error:?}");
    let shown = error.to_string();
    assert!(
        shown.starts_with(&format!("the hub at {address} did not answer (")),
        "{shown}"
    );
    assert!(
        shown.ends_with("check that the hub is running and on the same network, then try again")
    );
}

#[test]
fn only_a_bare_host_and_port_is_accepted_as_a_hub_address() {
    let phone = Identity::generate("phone").unwrap();
    let hub = phone.fingerprint();
    for good in ["127.0.0.1:7878", "[::1]:7878", "hub.local:7878"] {
        assert!(HubClient::new(good, &phone, hub).is_ok(), "{good}");
    }
    for bad in [
        "",
        "127.0.0.1:7878/sync",
        "user@hub:7878",
        "hub:notaport",
        "[::1",
    ] {
        let error = HubClient::new(bad, &phone, hub).unwrap_err();
        assert!(matches!(error, Error::Address(_)), "{bad}: {error:?}");
    }
}
