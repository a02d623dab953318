from asbdesk.cli import main

raise SystemExit(main())
