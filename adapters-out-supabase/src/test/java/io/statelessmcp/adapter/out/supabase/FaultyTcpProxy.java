package io.statelessmcp.adapter.out.supabase;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy in front of a database that the test can break the way databases break:
 * {@link #down()} closes every connection and stops listening (connection refused, like a stopped
 * server); {@link #freeze()} keeps every connection open, accepts new ones, and passes no byte
 * either way (like a server stopped with SIGSTOP, or a network that drops packets); {@link #pass()}
 * heals either, and bytes held while frozen are then delivered in order.
 */
final class FaultyTcpProxy implements AutoCloseable {

  private enum Mode {
    PASS,
    FROZEN,
    DOWN
  }

  private final int targetPort;
  private final int port;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile Mode mode = Mode.PASS;
  private volatile ServerSocket listener;
  private volatile boolean closed;

  private FaultyTcpProxy(int targetPort) {
    this.targetPort = targetPort;
    this.listener = listen(0);
    this.port = listener.getLocalPort();
    startAccepting(listener);
  }

  /** A proxy on a free loopback port, passing everything to {@code 127.0.0.1:targetPort}. */
  static FaultyTcpProxy to(int targetPort) {
    return new FaultyTcpProxy(targetPort);
  }

  int port() {
    return port;
  }

  /** Every connection passes bytes again; a downed proxy listens again on the same port. */
  synchronized void pass() {
    if (mode == Mode.DOWN) {
      listener = listen(port);
      startAccepting(listener);
    }
    mode = Mode.PASS;
    notifyAll();
  }

  /** Connections stay open and new ones are accepted, but nothing passes. */
  synchronized void freeze() {
    if (mode == Mode.DOWN) {
      listener = listen(port);
      startAccepting(listener);
    }
    mode = Mode.FROZEN;
  }

  /** Every connection is closed and new ones are refused. */
  synchronized void down() {
    mode = Mode.DOWN;
    closeQuietly(listener);
    sockets.forEach(FaultyTcpProxy::closeQuietly);
    sockets.clear();
    notifyAll();
  }

  @Override
  public void close() {
    closed = true;
    down();
  }

  private static ServerSocket listen(int port) {
    try {
      ServerSocket socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return socket;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void startAccepting(ServerSocket server) {
    Thread accepting = new Thread(() -> accept(server), "faulty-proxy-accept-" + port);
    accepting.setDaemon(true);
    accepting.start();
  }

  private void accept(ServerSocket server) {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        sockets.add(client);
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        sockets.add(upstream);
        if (mode == Mode.DOWN || closed) {
          closeQuietly(client);
          closeQuietly(upstream);
          continue;
        }
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        return; // the listener was closed
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread pumping =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                  if (!awaitPassing()) {
                    break;
                  }
                  out.write(buffer, 0, read);
                  out.flush();
                }
              } catch (IOException | InterruptedException e) {
                // a side was closed: close both below
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "faulty-proxy-pump-" + port);
    pumping.setDaemon(true);
    pumping.start();
  }

  /** Holds the bytes read while frozen; false when the proxy went down meanwhile. */
  private synchronized boolean awaitPassing() throws InterruptedException {
    while (mode == Mode.FROZEN) {
      wait();
    }
    return mode == Mode.PASS;
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // already closed
    }
  }
}
