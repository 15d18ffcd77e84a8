package dev.kiln.serving;

/**
 * A client's mistake: answered with a 4xx status and a JSON body naming the problem, never a stack
 * trace. Thrown while reading a request; carries no cause, since nothing about it is a server fault.
 */
public final class BadRequest extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  private BadRequest(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  /** 400: the request cannot be read or does not fit the model. */
  public static BadRequest of(String message) {
    return new BadRequest(400, message);
  }

  /** Another 4xx status (404 unknown model, 413 too large, 415 wrong content type, ...). */
  public static BadRequest status(int status, String message) {
    if (status < 400 || status > 499) {
      throw new IllegalArgumentException("a client error is a 4xx status, not " + status);
    }
    return new BadRequest(status, message);
  }

  /** 503: the request is right but cannot be answered yet (a model with no version so far). */
  public static BadRequest unavailable(String message) {
    return new BadRequest(503, message);
  }

  public int status() {
    return status;
  }
}
