module github.com/cnnbook/cnnbook

go 1.26
