" dfls in Vim + ALE (Debian vim-ale), silent Ex mode. Loaded by tests/e2e/test_editor_vim.py.
" Sources the user snippet from editors/README.md ($DFLS_E2E_SNIPPET), opens $DFLS_E2E_FILE,
" waits for diagnostics, opens :ALEHover, applies the quick fix with :ALECodeAction and waits
" for the diagnostic to clear. Observations go to the JSON report $DFLS_E2E_REPORT.
set nocompatible
filetype plugin on
syntax off
set encoding=utf-8
packadd! ale
let g:ale_lint_delay = 0
let g:ale_hover_to_preview = 1
let g:ale_echo_cursor = 0
let g:ale_linters_explicit = 1
runtime plugin/ale.vim
execute 'source ' . fnameescape($DFLS_E2E_SNIPPET)
runtime autoload/ale/util.vim
execute 'source ' . fnameescape(expand('<sfile>:p:h') . '/mock/ale/util.vim')
let g:dfls_e2e_choice = 'exec form'

let s:timeout = str2nr(empty($DFLS_E2E_TIMEOUT_MS) ? '20000' : $DFLS_E2E_TIMEOUT_MS)
let s:start = reltime()
let s:report = {'steps': []}

function! s:Finish(code) abort
  call writefile([json_encode(s:report)], $DFLS_E2E_REPORT)
  execute a:code == 0 ? 'qall!' : 'cquit ' . a:code
endfunction

" Pump channels and timers (sleep does) until the expression is true.
function! s:Wait(what, expr) abort
  let l:waited = 0
  while !eval(a:expr) && l:waited < s:timeout
    sleep 10m
    let l:waited += 10
  endwhile
  if !eval(a:expr)
    throw 'timeout waiting for ' . a:what
  endif
  call add(s:report.steps, {'name': a:what, 'ms': reltimefloat(reltime(s:start)) * 1000})
endfunction

function! s:Loclist() abort
  return get(get(g:ale_buffer_info, bufnr(''), {}), 'loclist', [])
endfunction

function! s:Find(code) abort
  for l:item in s:Loclist()
    if get(l:item, 'code', '') is# a:code | return l:item | endif
  endfor
  return {}
endfunction

function! s:Diagnostics() abort
  return map(copy(s:Loclist()), {_, d -> {'code': get(d, 'code', ''), 'lnum': d.lnum,
  \ 'col': d.col, 'end_col': get(d, 'end_col', -1), 'type': d.type, 'linter': d.linter_name,
  \ 'text': d.text}})
endfunction

function! s:Main() abort
  let s:report.vim = printf('%d.%d.%d', v:version / 100, v:version % 100, v:versionlong % 10000)
  execute 'edit ' . fnameescape($DFLS_E2E_FILE)
  let s:report.filetype = &filetype
  " (1) ALE starts dfls for the dockerfile filetype and collects publishDiagnostics
  ALELint
  call s:Wait('DF101 and DF401 diagnostics', '!empty(s:Find("DF101")) && !empty(s:Find("DF401"))')
  let s:report.diagnostics = s:Diagnostics()
  " (2) hover on the last character of the multi-byte DF401 line -> preview window
  let l:d = s:Find('DF401')
  call cursor(l:d.lnum, col([l:d.lnum, '$']) - 1)
  let s:report.hover_cursor = [line('.'), col('.')]
  ALEHover
  call s:Wait('hover', '!empty(filter(range(1, winnr("$")), {_, w -> getwinvar(w, "&previewwindow")}))')
  for l:w in range(1, winnr('$'))
    if getwinvar(l:w, '&previewwindow')
      let s:report.hover = getbufline(winbufnr(l:w), 1, '$')
    endif
  endfor
  pclose
  " (3) the quick fix, picked from ALE's numbered menu by title. ALE sends the range of the
  " word under the cursor, with the diagnostic in the context only when that range is a single
  " character: $DFLS_E2E_ACTION_AT=word puts the cursor on "python", else on the final "x".
  let l:before = getline(l:d.lnum)
  call cursor(l:d.lnum, $DFLS_E2E_ACTION_AT is# 'word' ? 6 : col([l:d.lnum, '$']) - 1)
  let s:report.action_cursor = [line('.'), col('.'), expand('<cword>')]
  ALECodeAction
  call s:Wait('quick fix applied', 'getline(' . l:d.lnum . ') isnot# ' . string(l:before))
  let s:report.code_action_prompt = get(g:, 'dfls_e2e_prompt', '')
  let s:report.fixed_line = getline(l:d.lnum)
  " (4) Ex mode fires no TextChanged, so lint explicitly (interactive Vim lints on change)
  ALELint
  call s:Wait('DF401 cleared', 'empty(s:Find("DF401"))')
  let s:report.diagnostics_after = s:Diagnostics()
  let s:report.ok = v:true
  call s:Finish(0)
endfunction

try
  call s:Main()
catch
  let s:report.error = v:exception . ' @ ' . v:throwpoint
  let s:report.diagnostics_at_error = s:Diagnostics()
  call s:Finish(1)
endtry
