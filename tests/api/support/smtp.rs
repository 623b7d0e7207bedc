//! A mail server on 127.0.0.1 for the tests: it speaks as much SMTP as a client needs
//! to hand it a message, keeps what it receives, and refuses recipients when told.

use std::sync::{Arc, Mutex};

use tokio::{
    io::{AsyncBufReadExt, AsyncWriteExt, BufReader},
    net::TcpListener,
};

#[derive(Clone, Default)]
pub struct MailServer {
    messages: Arc<Mutex<Vec<String>>>,
    refuse: Arc<Mutex<bool>>,
}

impl MailServer {
    /// The messages received so far (headers and body, as sent).
    pub fn messages(&self) -> Vec<String> {
        self.messages.lock().unwrap().clone()
    }

    /// Refuses every recipient from now on (550).
    pub fn refuse_recipients(&self) {
        *self.refuse.lock().unwrap() = true;
    }
}

async fn session(server: MailServer, stream: tokio::net::TcpStream) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    write.write_all(b"220 mail.test ESMTP\r\n").await?;
    while let Some(line) = lines.next_line().await? {
        let verb = line.split_whitespace().next().unwrap_or("").to_uppercase();
        let answer: &[u8] = match verb.as_str() {
            "EHLO" | "HELO" => b"250-mail.test\r\n250 8BITMIME\r\n",
            "RCPT" if *server.refuse.lock().unwrap() => b"550 no such user\r\n",
            "MAIL" | "RCPT" | "RSET" | "NOOP" => b"250 OK\r\n",
            "DATA" => {
                write.write_all(b"354 go on\r\n").await?;
                let mut message = String::new();
                while let Some(line) = lines.next_line().await? {
                    if line == "." {
                        break;
                    }
                    message.push_str(&line);
                    message.push('\n');
                }
                server.messages.lock().unwrap().push(message);
                b"250 queued\r\n"
            }
            "QUIT" => {
                write.write_all(b"221 bye\r\n").await?;
                return Ok(());
            }
            _ => b"502 not here\r\n",
        };
        write.write_all(answer).await?;
    }
    Ok(())
}

/// A mail server on 127.0.0.1; returns it and its `smtp://` URL.
pub async fn start_mail_server() -> (MailServer, String) {
    let server = MailServer::default();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("smtp://{}", listener.local_addr().unwrap());
    let accepting = server.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(session(accepting.clone(), stream));
        }
    });
    (server, url)
}
