// @gino-ts/admin: progressive enhancement only; every page works without it.
'use strict'
;(function () {
  // Select all rows of a list page.
  document.querySelectorAll('[data-select-all]').forEach(function (box) {
    box.hidden = false
    var rows = function () { return document.querySelectorAll('input[type="checkbox"][name="key"][form="bulk"]') }
    box.addEventListener('change', function () { rows().forEach(function (row) { row.checked = box.checked }) })
  })

  // Foreign-key fields: refresh the suggestions as one types, from the JSON choices endpoint.
  document.querySelectorAll('input[data-choices]').forEach(function (input) {
    var list = document.getElementById(input.getAttribute('list'))
    var timer
    var shown = ''
    input.addEventListener('input', function () {
      clearTimeout(timer)
      timer = setTimeout(function () {
        var q = input.value
        if (q === shown) return
        shown = q
        fetch(input.dataset.choices + '?q=' + encodeURIComponent(q), { credentials: 'same-origin', headers: { accept: 'application/json' } })
          .then(function (response) { return response.ok ? response.json() : [] })
          .then(function (choices) {
            if (q !== input.value || !list) return
            list.replaceChildren.apply(list, choices.map(function (choice) {
              var option = document.createElement('option')
              option.value = choice.key
              option.textContent = choice.label
              return option
            }))
          })
          .catch(function () {})
      }, 200)
    })
  })

  // Keyboard: "/" search, "n" new, "e" edit, j/k move through rows, Enter opens.
  var rows = Array.prototype.slice.call(document.querySelectorAll('table.list tbody tr'))
  var current = -1
  function move(step) {
    if (rows.length === 0) return
    if (current >= 0) rows[current].classList.remove('current')
    current = Math.max(0, Math.min(rows.length - 1, current + step))
    rows[current].classList.add('current')
    var link = rows[current].querySelector('th a')
    if (link) link.focus()
  }
  document.addEventListener('keydown', function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return
    var target = event.target
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) {
      if (event.key === 'Escape') target.blur()
      return
    }
    var keyed = document.querySelector('[data-key="' + event.key + '"]')
    if (keyed) {
      event.preventDefault()
      if (keyed.tagName === 'A') keyed.click()
      else keyed.focus()
      return
    }
    if (event.key === 'j') move(1)
    else if (event.key === 'k') move(-1)
  })
})()
