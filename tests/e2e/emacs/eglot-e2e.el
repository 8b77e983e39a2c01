;;; eglot-e2e.el --- dfls in Emacs + eglot, batch mode  -*- lexical-binding: t; -*-
;; Loaded by tests/e2e/test_editor_emacs.py after the user snippet from editors/README.md
;; ($DFLS_E2E_SNIPPET). Opens $DFLS_E2E_FILE, waits for flymake diagnostics, asks for hover
;; through eldoc, applies the quick fix with `eglot-code-actions' and waits for the diagnostic
;; to clear. Observations go to the JSON report $DFLS_E2E_REPORT.
(require 'package)
(package-activate-all)                  ; Debian's elpa-* packages (eglot, dockerfile-mode)
(load (getenv "DFLS_E2E_SNIPPET") nil t) ; the user's configuration, verbatim from the README
(require 'eglot)
(require 'json)
(require 'cl-lib)

(defvar e2e-timeout (/ (string-to-number (or (getenv "DFLS_E2E_TIMEOUT_MS") "20000")) 1000.0))
(defvar e2e-report nil)
(defvar e2e-steps nil)
(defvar e2e-start (float-time))

(defun e2e-put (key value) (push (cons key value) e2e-report))

(defun e2e-finish (code)
  (e2e-put 'steps (vconcat (reverse e2e-steps)))
  (with-temp-file (getenv "DFLS_E2E_REPORT")
    (insert (json-encode e2e-report)))
  (ignore-errors (set-buffer-modified-p nil))
  (ignore-errors (let ((eglot-autoshutdown t)) (eglot-shutdown-all)))
  (kill-emacs code))

(defun e2e-run-idle-timers ()
  "Batch Emacs is never idle: fire pending idle timers (eglot's didChange debounce, flymake,
eldoc) as if the user had paused typing."
  (dolist (timer (copy-sequence timer-idle-list))
    (when (memq timer timer-idle-list) (timer-event-handler timer))))

(defun e2e-wait (what pred)
  (let ((deadline (+ (float-time) e2e-timeout)) value)
    (while (and (not (setq value (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.02)
      (e2e-run-idle-timers))
    (unless value (error "timeout waiting for %s" what))
    (push `((name . ,what) (ms . ,(* 1000 (- (float-time) e2e-start)))) e2e-steps)
    value))

(defun e2e-lsp (diag) (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data diag))))

(defun e2e-diagnostics ()
  (flymake-start)
  (vconcat
   (mapcar (lambda (d)
             (let ((lsp (e2e-lsp d)))
               `((code . ,(plist-get lsp :code))
                 (source . ,(plist-get lsp :source))
                 (message . ,(plist-get lsp :message))
                 (type . ,(symbol-name (flymake-diagnostic-type d)))
                 (line . ,(1- (line-number-at-pos (flymake-diagnostic-beg d))))
                 (beg_col . ,(e2e-char-column (flymake-diagnostic-beg d)))
                 (end_col . ,(e2e-char-column (flymake-diagnostic-end d))))))
           (flymake-diagnostics))))

(defun e2e-char-column (pos)
  "Characters from the start of POS's line (not `current-column', which counts display width)."
  (save-excursion (goto-char pos) (- pos (line-beginning-position))))

(defun e2e-find (code)
  (cl-find-if (lambda (d) (equal (plist-get (e2e-lsp d) :code) code)) (flymake-diagnostics)))

(defun e2e-line (n)
  (save-excursion (goto-char (point-min)) (forward-line n)
                  (buffer-substring-no-properties (point) (line-end-position))))

(condition-case err
    (progn
      (e2e-put 'emacs emacs-version)
      (find-file (getenv "DFLS_E2E_FILE"))
      (e2e-put 'major_mode (symbol-name major-mode))
      (run-hooks 'post-command-hook)   ; eglot-ensure connects from post-command-hook
      (e2e-wait "server initialized" (lambda () (and (eglot-current-server) eglot--managed-mode)))
      (e2e-put 'server_command (vconcat (process-command (jsonrpc--process (eglot-current-server)))))
      (e2e-put 'server_info (plist-get (eglot--server-info (eglot-current-server)) :name))

      ;; (1) diagnostics, as flymake shows them
      (e2e-wait "DF101 and DF401 diagnostics"
                (lambda () (flymake-start) (and (e2e-find "DF101") (e2e-find "DF401"))))
      (e2e-put 'diagnostics (e2e-diagnostics))

      ;; (2) hover through eldoc, on the last character of the multi-byte DF401 line
      (let* ((d401 (e2e-find "DF401")) doc)
        (goto-char (flymake-diagnostic-beg d401))
        (end-of-line) (backward-char)
        (e2e-put 'hover_column (e2e-char-column (point)))
        (eglot-hover-eldoc-function (lambda (s &rest _) (setq doc (or s ""))))
        (e2e-wait "hover" (lambda () doc))
        (e2e-put 'hover (substring-no-properties doc)))

      ;; (3) the quick fix, chosen from eglot's menu by title
      (let* ((d401 (e2e-find "DF401"))
             (line (1- (line-number-at-pos (flymake-diagnostic-beg d401))))
             (before (e2e-line line))
             titles)
        (goto-char (flymake-diagnostic-beg d401))
        (cl-letf (((symbol-function 'completing-read)
                   (lambda (_prompt collection &rest _)
                     (setq titles (mapcar (lambda (c) (if (consp c) (car c) c)) collection))
                     (or (cl-find-if (lambda (title) (string-match-p "exec form" title)) titles)
                         (error "no exec-form action in %S" titles))))
                  ((symbol-function 'y-or-n-p) (lambda (&rest _) t)))
          (let ((last-nonmenu-event ?a))   ; a non-list event: completing-read, not x-popup-menu
            (call-interactively #'eglot-code-actions)))
        (e2e-put 'code_actions (vconcat titles))
        (e2e-wait "quick fix applied" (lambda () (not (equal (e2e-line line) before))))
        (e2e-put 'fixed_line (e2e-line line))
        ;; (4) didChange (an idle timer) -> dfls re-lints -> flymake drops DF401
        (e2e-wait "DF401 cleared" (lambda () (flymake-start) (not (e2e-find "DF401"))))
        (e2e-put 'diagnostics_after (e2e-diagnostics)))
      (e2e-put 'ok t)
      (e2e-finish 0))
  (error
   (e2e-put 'error (format "%S" err))
   (ignore-errors (e2e-put 'diagnostics_at_error (e2e-diagnostics)))
   (e2e-finish 1)))
