import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Turns SIGINT and SIGTERM into a flag that a scan polls, so that an interrupted scan stops
/// taking new files, finishes and reports the ones in progress, and leaves complete output.
public enum Interruption {
  private static let flag = Atomic<Int32>(0)

  /// Installs the handlers (and unblocks both signals, which a parent may have blocked for
  /// its children). A second signal while stopping ends the process at once.
  public static func install() {
    var signals = sigset_t()
    sigemptyset(&signals)
    sigaddset(&signals, SIGINT)
    sigaddset(&signals, SIGTERM)
    pthread_sigmask(SIG_UNBLOCK, &signals, nil)
    let handler: @convention(c) (Int32) -> Void = { signal in
      if Interruption.flag.exchange(signal, ordering: .relaxed) != 0 { _exit(128 + signal) }
    }
    _ = Glibc.signal(SIGINT, handler)
    _ = Glibc.signal(SIGTERM, handler)
  }

  /// The signal received, or nil while none was.
  public static var received: Int32? {
    let value = flag.load(ordering: .relaxed)
    return value == 0 ? nil : value
  }
}
